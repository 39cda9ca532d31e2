package io.quanyu.segments;

import io.quanyu.conditions.Behavior;
import io.quanyu.conditions.Condition;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.customer360.Customer360;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.outbox.DomainEvent;
import io.quanyu.outbox.Subscriber;
import io.quanyu.scheduling.FiredTimer;
import io.quanyu.scheduling.Scheduler;
import io.quanyu.scheduling.TimerRequest;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Keeps segment membership up to date. As an event-seam subscriber it re-evaluates, for each changed profile, only
 * the segments whose rule reads what changed: events applied (aggregates, scores, identity types), tags, stage, plugin
 * facts, another segment's membership (the segments that read it), and merges (every segment, for both profiles; a
 * profile merged into another leaves all its segments). Segments are evaluated in dependency order, each seeing the
 * memberships decided before it. A new or edited segment is evaluated over every existing profile by a backfill on
 * the shared scheduler, a page at a time, resumable after a crash ({@value #BACKFILL} timers). A rule with a time
 * window ("no order in the last 30 days") flips at the instant the window ends for that customer: each evaluation sets
 * a {@value #FLIP} timer for the rule's next change, so no batch re-scan is needed.
 */
public final class SegmentEngine implements Subscriber {
    public static final String NAME = "segments";
    /** The collection of memberships, whose documents carry {@code SegmentEntered} and {@code SegmentExited} events. */
    public static final String MEMBERSHIPS = Memberships.COLLECTION;
    /** The scheduler's timer kind of a backfill page: key {@code <segment>@<generation>:<version>:<page>}. */
    public static final String BACKFILL = "segments.backfill";
    /**
     * The scheduler's timer kind of an exact-time flip: when a rule's verdict on a customer can next change with time
     * alone (a window ending), the segment is evaluated again for that customer then; key
     * {@code <segment>|<customer>|<epoch ms>}.
     */
    public static final String FLIP = "segments.flip";
    /** How long after a window's end its flip timer is due (the verdict changes just after the end). */
    static final Duration FLIP_MARGIN = Duration.ofMillis(1);
    static final int PAGE = 200;
    /**
     * How long one backfill timer goes on from page to page over one read of the profiles, before it records where it
     * is and hands over to the next timer (a node's crash costs at most this much work again).
     */
    static final Duration SLICE = Duration.ofSeconds(5);
    /** How long a node keeps a tenant's definitions before reading them again. */
    static final Duration DEFINITIONS_TTL = Duration.ofSeconds(1);
    /** A backfill starts after every node's cached definitions include the new version, so none misses an event. */
    static final Duration BACKFILL_DELAY = DEFINITIONS_TTL.multipliedBy(2);
    /**
     * How long a backfill timer set before its version was written waits for the write (the scheduler tries again),
     * before it concludes the write never happened (the caller crashed) and does nothing.
     */
    static final Duration NOT_YET = Duration.ofMinutes(1);
    private static final Set<String> TYPES = Set.of(DomainEvent.EVENTS_APPLIED, DomainEvent.TAGS_CHANGED,
            DomainEvent.STAGE_CHANGED, DomainEvent.FACTS_CHANGED, DomainEvent.PROFILE_MERGED, DomainEvent.PROFILE_UNMERGED,
            DomainEvent.SEGMENT_ENTERED, DomainEvent.SEGMENT_EXITED, DomainEvent.RECORD_CREATED, DomainEvent.RECORD_CHANGED);
    /** The fact roots each profile event can change. */
    private static final Map<String, Set<String>> ROOTS = Map.of(
            DomainEvent.EVENTS_APPLIED, Set.of("aggregates", "scores", "identityTypes", "tags", "stage", Behavior.ROOT,
                    SegmentLists.FACT),
            DomainEvent.TAGS_CHANGED, Set.of("tags"),
            DomainEvent.STAGE_CHANGED, Set.of("stage"),
            DomainEvent.FACTS_CHANGED, Set.of("plugins"));

    private static final Set<String> LISTS = Set.of(SegmentLists.FACT);
    final SegmentStore store = new SegmentStore();
    final SegmentLists lists = new SegmentLists();
    final Memberships memberships;
    private final Customer360 customers;
    private final Function<TenantId, TenantDatabase> databases;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Map<TenantId, Cached> definitions = new ConcurrentHashMap<>();
    private volatile Duration slice = SLICE;

    private record Cached(List<Segment> segments, Instant loadedAt) {
    }

    public SegmentEngine(Customer360 customers, Function<TenantId, TenantDatabase> databases, Scheduler scheduler,
                         io.quanyu.outbox.OutboxSignal signal, Clock clock) {
        this.customers = customers;
        this.databases = databases;
        this.scheduler = scheduler;
        this.clock = clock;
        this.memberships = new Memberships(signal);
        scheduler.register(BACKFILL, this::backfill);
        scheduler.register(FLIP, this::flip);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> types() {
        return TYPES;
    }

    public void ensureIndexes(TenantDatabase db) {
        memberships.ensureIndexes(db);
        lists.ensureIndexes(db);
    }

    @Override
    public void handle(DomainEvent event) {
        handleAll(List.of(event));
    }

    /**
     * A run of events (all of one tenant's partition): the segments each changed customer needs evaluated, then one
     * evaluation per customer over the union, with the reads shared by the run ({@link #evaluate(TenantDatabase, Map)}).
     */
    @Override
    public void handleAll(List<DomainEvent> events) {
        Map<TenantId, Map<String, Set<Segment>>> work = new java.util.LinkedHashMap<>();
        for (DomainEvent event : events) {
            List<Segment> all = segments(event.tenant());
            if (all.isEmpty()) {
                continue;
            }
            Map<String, Set<Segment>> byCustomer = work.computeIfAbsent(event.tenant(), t -> new java.util.LinkedHashMap<>());
            switch (event.type()) {
                case DomainEvent.PROFILE_MERGED, DomainEvent.PROFILE_UNMERGED -> {
                    for (String customer : List.of(String.valueOf(event.data().get("survivor")), String.valueOf(event.data().get("merged")))) {
                        add(byCustomer, customer, all);
                    }
                }
                case DomainEvent.RECORD_CREATED, DomainEvent.RECORD_CHANGED -> {
                    if ("customer".equals(event.data().get("object"))) {
                        Object fields = event.data().get("fields");
                        add(byCustomer, event.key(), all.stream().filter(s -> readsRecord(s.condition(),
                                fields instanceof java.util.Collection<?> names ? names : null)).toList());
                    }
                }
                case DomainEvent.SEGMENT_ENTERED, DomainEvent.SEGMENT_EXITED -> {
                    String changed = String.valueOf(event.data().get("segment"));
                    add(byCustomer, event.key(), all.stream().filter(s -> s.references().contains(changed)).toList());
                }
                default -> {
                    Set<String> roots = ROOTS.getOrDefault(event.type(), Set.of());
                    add(byCustomer, event.key(), all.stream().filter(s -> reads(s, roots)).toList());
                }
            }
        }
        work.forEach((tenant, byCustomer) -> evaluate(databases.apply(tenant), byCustomer));
    }

    private static void add(Map<String, Set<Segment>> byCustomer, String customer, List<Segment> segments) {
        if (!segments.isEmpty()) {
            byCustomer.computeIfAbsent(customer, c -> new LinkedHashSet<>()).addAll(segments);
        }
    }

    /** Evaluates the segments for one customer now, in dependency order; a customer without a live profile leaves them. */
    void evaluate(TenantDatabase db, String customer, List<Segment> segments) {
        evaluate(db, Map.of(customer, new LinkedHashSet<>(segments)));
    }

    /**
     * Evaluates each customer's segments now, in dependency order; a customer without a live profile leaves them.
     * The customers' memberships and the events their behaviour conditions read are read once for all of them, so a
     * run of events costs a few reads more than one event, not a few per event.
     */
    void evaluate(TenantDatabase db, Map<String, Set<Segment>> work) {
        if (work.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Map<String, Customer360.Facts> live = new java.util.LinkedHashMap<>();
        Map<String, ObjectNode> documents = new HashMap<>();
        Set<Behavior> behaviors = new LinkedHashSet<>();
        for (var entry : work.entrySet()) {
            String customer = entry.getKey();
            Optional<Customer360.Facts> facts = customers.liveFacts(db, customer);
            if (facts.isEmpty()) {
                for (Segment segment : entry.getValue()) {
                    memberships.find(db, segment.key(), customer).filter(Membership::member).ifPresent(m ->
                            memberships.apply(db, segment, customer, null, false, now, false));
                }
                continue;
            }
            live.put(customer, facts.get());
            documents.put(customer, facts.get().facts());
            behaviors.addAll(behaviors(List.copyOf(entry.getValue())));
        }
        if (live.isEmpty()) {
            return;
        }
        Map<String, Set<String>> in = memberships.ofAll(db, live.keySet());
        customers.loadBehavior(db, documents, behaviors, now);
        List<TimerRequest> flips = new ArrayList<>();
        for (Customer360.Facts facts : live.values()) {
            String customer = facts.customer();
            List<Segment> segments = List.copyOf(work.get(customer));
            Set<String> member = new LinkedHashSet<>(in.getOrDefault(customer, Set.of()));
            ObjectNode document = facts.facts();
            setLists(db, customer, document, segments);
            for (Segment segment : ordered(segments)) {
                setMemberships(document, member);
                boolean matches = segment.condition().matches(document, now);
                memberships.apply(db, segment, customer, facts.version(), matches, now,
                        !segment.backfill().done());
                if (matches) {
                    member.add(segment.key());
                } else {
                    member.remove(segment.key());
                }
                flip(db.tenant(), segment, customer, document, now).ifPresent(flips::add);
            }
        }
        if (!flips.isEmpty()) {
            scheduler.scheduleAll(flips);
        }
    }

    /** The timer that evaluates the segment for the customer again when its verdict can next change with time alone. */
    private static Optional<TimerRequest> flip(TenantId tenant, Segment segment, String customer, ObjectNode facts, Instant now) {
        return segment.condition().nextChange(facts, now).map(at -> at.plus(FLIP_MARGIN)).map(due -> new TimerRequest(tenant,
                FLIP, segment.key() + "|" + customer + "|" + due.toEpochMilli(), due,
                Map.of("segment", segment.key(), "customer", customer)));
    }

    /**
     * Evaluates the segment again for these customers on the scheduler, due now (after an upload changed its list), a
     * timer each, as a window's end does.
     */
    void reevaluate(TenantId tenant, Segment segment, java.util.Collection<String> customers) {
        Instant now = clock.instant();
        List<TimerRequest> timers = new ArrayList<>();
        for (String customer : customers) {
            timers.add(new TimerRequest(tenant, FLIP, segment.key() + "|" + customer + "|" + now.toEpochMilli(), now,
                    Map.of("segment", segment.key(), "customer", customer)));
            if (timers.size() == 1_000) {
                scheduler.scheduleAll(List.copyOf(timers));
                timers.clear();
            }
        }
        if (!timers.isEmpty()) {
            scheduler.scheduleAll(timers);
        }
    }

    /** A window ended: the segment is evaluated again for the customer (which sets the timer of the next change). */
    private void flip(FiredTimer timer) {
        String key = String.valueOf(timer.payload().get("segment"));
        segments(timer.tenant()).stream().filter(s -> s.key().equals(key)).findFirst().ifPresent(segment ->
                evaluate(databases.apply(timer.tenant()), String.valueOf(timer.payload().get("customer")), List.of(segment)));
    }

    /**
     * Sets the timer of a segment version's backfill (due after {@link #BACKFILL_DELAY}), before the version is
     * written: a crash in between leaves a timer that finds no such version and does nothing, never a version without
     * its backfill. Each page derives where to go on from the definition's recorded progress, and a node that dies in
     * a page has its timer fired again by the scheduler, so the chain of pages cannot break.
     */
    void startBackfill(TenantId tenant, String key, long version, Instant created) {
        long generation = created.toEpochMilli();
        scheduler.schedule(new TimerRequest(tenant, BACKFILL, backfillKey(key, generation, version, 0),
                clock.instant().plus(BACKFILL_DELAY), Map.of("segment", key, "generation", generation, "version", version, "page", 0)));
    }

    /** A page's timer key: a segment made again under a deleted one's key (a new generation) has timers of its own. */
    private static String backfillKey(String key, long generation, long version, int page) {
        return key + "@" + generation + ":" + version + ":" + page;
    }

    /**
     * One slice of a backfill: evaluates the next profiles page by page from one read for up to {@link #SLICE},
     * recording the progress after each page, then schedules the next slice (or marks the backfill done).
     */
    private void backfill(FiredTimer timer) {
        TenantDatabase db = databases.apply(timer.tenant());
        String key = String.valueOf(timer.payload().get("segment"));
        long version = ((Number) timer.payload().get("version")).longValue();
        int page = ((Number) timer.payload().get("page")).intValue();
        Optional<Segment> found = store.find(db, key);
        if ((found.isEmpty() || found.get().version() < version) && clock.instant().isBefore(timer.due().plus(NOT_YET))) {
            throw new IllegalStateException("segment " + key + " version " + version + " is not written yet; trying again");
        }
        if (found.isEmpty() || found.get().version() != version || found.get().backfill().done()) {
            return;
        }
        // a timer set before generations were recorded belongs to the segment it finds
        long generation = timer.payload().get("generation") instanceof Number g ? g.longValue() : Memberships.generation(found.get());
        if (Memberships.generation(found.get()) != generation) {
            return;
        }
        Segment segment = found.get();
        long[] evaluated = {segment.backfill().evaluated()};
        String[] after = {segment.backfill().after()};
        boolean[] superseded = {false};
        long deadline = System.nanoTime() + slice.toNanos();
        boolean more = customers.factsPages(db, after[0], PAGE, profiles -> {
            Instant now = clock.instant();
            evaluatePage(db, segment, profiles, now);
            evaluated[0] += profiles.size();
            after[0] = profiles.getLast().customer();
            superseded[0] = !store.progress(db, key, version, after[0], evaluated[0], false, now);
            return !superseded[0] && System.nanoTime() < deadline;
        });
        if (superseded[0]) {
            return; // a newer version's backfill took over
        }
        if (more) {
            scheduler.schedule(new TimerRequest(timer.tenant(), BACKFILL, backfillKey(key, generation, version, page + 1),
                    clock.instant(), Map.of("segment", key, "generation", generation, "version", version, "page", page + 1)));
        } else if (store.progress(db, key, version, after[0], evaluated[0], true, clock.instant())) {
            forget(timer.tenant());
        }
    }

    /**
     * Decides a backfill page: its memberships and behaviour events read once for the page, each profile evaluated,
     * and the changes written in one bulk ({@link Memberships#applyAll}).
     */
    private void evaluatePage(TenantDatabase db, Segment segment, List<Customer360.Facts> profiles, Instant now) {
        List<ObjectNode> documents = completed(db, profiles, segment.condition(), now);
        Map<String, org.bson.Document> stored = memberships.documents(db, segment.key(),
                profiles.stream().map(Customer360.Facts::customer).toList());
        List<Memberships.Verdict> verdicts = new ArrayList<>(profiles.size());
        List<TimerRequest> flips = new ArrayList<>();
        for (int i = 0; i < profiles.size(); i++) {
            Customer360.Facts profile = profiles.get(i);
            ObjectNode document = documents.get(i);
            verdicts.add(new Memberships.Verdict(profile.customer(), profile.version(), segment.condition().matches(document, now)));
            flip(db.tenant(), segment, profile.customer(), document, now).ifPresent(flips::add);
        }
        memberships.applyAll(db, segment, verdicts, now, stored);
        if (!flips.isEmpty()) {
            scheduler.scheduleAll(flips);
        }
    }

    /** Shortens the backfill slice (a test makes every page its own slice, to cross from one to the next). */
    SegmentEngine withSlice(Duration slice) {
        this.slice = slice;
        return this;
    }

    /** The tenant's segments, read again at most every {@link #DEFINITIONS_TTL}. */
    List<Segment> segments(TenantId tenant) {
        Instant now = clock.instant();
        Cached cached = definitions.get(tenant);
        if (cached == null || !now.isBefore(cached.loadedAt().plus(DEFINITIONS_TTL))) {
            cached = new Cached(store.list(databases.apply(tenant)), now);
            definitions.put(tenant, cached);
        }
        return cached.segments();
    }

    /** Drops this node's cached definitions of the tenant (after a change made here). */
    void forget(TenantId tenant) {
        definitions.remove(tenant);
    }

    private static boolean reads(Segment segment, Set<String> roots) {
        return reads(segment.condition(), roots);
    }

    /** Whether the rule reads a fact under one of these roots. */
    private static boolean reads(Condition condition, Set<String> roots) {
        for (String field : condition.fields()) {
            int dot = field.indexOf('.');
            if (roots.contains(dot < 0 ? field : field.substring(0, dot))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the rule reads one of these fields of the customer record ({@code record.<field>}); any of them when
     * {@code changed} is null (a new record).
     */
    static boolean readsRecord(Condition condition, java.util.Collection<?> changed) {
        String prefix = Customer360.RECORD + ".";
        for (String field : condition.fields()) {
            if (field.startsWith(prefix)) {
                String name = field.substring(prefix.length());
                int dot = name.indexOf('.');
                if (changed == null || changed.contains(dot < 0 ? name : name.substring(0, dot))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Segments that read no other of the list first, then those that read them, and so on. */
    static List<Segment> ordered(List<Segment> segments) {
        Map<String, Segment> byKey = new HashMap<>();
        segments.forEach(s -> byKey.put(s.key(), s));
        Map<String, Integer> depth = new HashMap<>();
        for (Segment s : segments) {
            depth(s, byKey, depth, new LinkedHashSet<>());
        }
        List<Segment> out = new ArrayList<>(segments);
        out.sort(Comparator.comparingInt((Segment s) -> depth.get(s.key())).thenComparing(Segment::key));
        return out;
    }

    private static int depth(Segment s, Map<String, Segment> byKey, Map<String, Integer> depth, Set<String> path) {
        Integer known = depth.get(s.key());
        if (known != null) {
            return known;
        }
        int d = 0;
        if (path.add(s.key())) {
            for (String reference : s.references()) {
                Segment read = byKey.get(reference);
                if (read != null) {
                    d = Math.max(d, depth(read, byKey, depth, path) + 1);
                }
            }
            path.remove(s.key());
        }
        depth.put(s.key(), d);
        return d;
    }

    /**
     * A page of profiles as the rule reads them ({@link #complete}), in the page's order: their memberships and the
     * events their behaviour conditions read are read once for the page (a backfill page, an estimate's page).
     */
    List<ObjectNode> completed(TenantDatabase db, List<Customer360.Facts> profiles, Condition condition, Instant now) {
        Map<String, Set<String>> in = memberships.ofAll(db, profiles.stream().map(Customer360.Facts::customer).toList());
        Map<String, ObjectNode> documents = new HashMap<>();
        profiles.forEach(p -> documents.put(p.customer(), p.facts()));
        customers.loadBehavior(db, documents, condition.behaviors(), now);
        List<ObjectNode> out = new ArrayList<>(profiles.size());
        for (Customer360.Facts profile : profiles) {
            out.add(complete(db, profile, in, condition, now));
        }
        return out;
    }

    /**
     * A page's profile as a rule reads it: its facts, its segments ({@link #setMemberships}), the events the
     * behaviour conditions read ({@link Customer360#loadBehavior}) and the uploaded lists it is on, if the rule reads them.
     */
    ObjectNode complete(TenantDatabase db, Customer360.Facts profile, Map<String, Set<String>> in, Condition condition,
                        Instant now) {
        ObjectNode document = profile.facts();
        setMemberships(document, in.getOrDefault(profile.customer(), Set.of()));
        customers.loadBehavior(db, profile.customer(), condition.behaviors(), document, now);
        if (reads(condition, LISTS)) {
            document.set(SegmentLists.FACT, listsOf(db, profile.customer()));
        }
        return document;
    }

    /** Puts the uploaded lists the customer is on into the facts when a segment reads them. */
    private void setLists(TenantDatabase db, String customer, ObjectNode facts, List<Segment> segments) {
        if (segments.stream().anyMatch(s -> reads(s.condition(), LISTS))) {
            facts.set(SegmentLists.FACT, listsOf(db, customer));
        }
    }

    private ArrayNode listsOf(TenantDatabase db, String customer) {
        ArrayNode array = tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        lists.listsOf(db, customers.identityKeys(db, customer)).forEach(array::add);
        return array;
    }

    /** The behaviour conditions of the segments, each once. */
    static List<Behavior> behaviors(List<Segment> segments) {
        return segments.stream().flatMap(s -> s.condition().behaviors().stream()).distinct().toList();
    }

    /** Puts the keys of the customer's segments into the facts, as rules read them ({@code segments}). */
    static void setMemberships(ObjectNode facts, Set<String> segments) {
        ArrayNode array = facts.putArray(SegmentStore.MEMBERSHIP_FIELD);
        segments.stream().sorted().forEach(array::add);
    }
}
