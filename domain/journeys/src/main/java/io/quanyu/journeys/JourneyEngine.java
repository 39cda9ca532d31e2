package io.quanyu.journeys;

import io.quanyu.conditions.Verdict;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.call.CallContext;
import org.jspecify.annotations.Nullable;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.customer360.Customer360;
import io.quanyu.customer360.TrackedEvent;
import io.quanyu.messaging.Delivery;
import io.quanyu.messaging.DeliveryService;
import io.quanyu.messaging.SendCommand;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.outbox.DomainEvent;
import io.quanyu.outbox.Subscriber;
import io.quanyu.scheduling.FiredTimer;
import io.quanyu.scheduling.Scheduler;
import io.quanyu.scheduling.TimerRequest;
import io.quanyu.segments.Segments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Runs journeys. Entries, exits, goals and event waits come from the event seam (customer events as applied, segment
 * entries and exits) as they arrive, so an exit reaches a customer sitting in a seven-day wait within the seam's
 * delivery time; waits end on the shared scheduler.
 * <p>
 * <b>Effectively once.</b> An enrollment is written only at rest (entered, waiting, done), each write conditional
 * on its {@code seq}. Between rests a run goes from node to node, logging each step once before its effect
 * ({@link Enrollments#stepAll}); every rest first sets a timer for the enrollment's next seq (due at the wait's end,
 * or {@link #RECOVER} later while it runs), so a node that dies mid-run leaves a timer that runs it again from the
 * last rest. The repeat reads the logged decisions and passes the same keys to the delivery service, which sends at
 * most once per key; tags are set, not counted. A decision taken (yes or no, an arm) is never taken again otherwise.
 */
public final class JourneyEngine implements Subscriber {
    public static final String NAME = "journeys";
    /** Timer kind: an enrollment's wait ended, or its run is to be taken up again; key {@code <journey>|<customer>|<seq>}. */
    public static final String WAKE = "journeys.wake";
    /**
     * Timer kind: an occurrence of a scheduled entry (or the next page of one); key
     * {@code <journey>|v<version>|<occurrence epoch ms>[|<after customer>]}.
     */
    public static final String OCCURRENCE = "journeys.occurrence";
    /** Members of the segment entered per firing of an occurrence's timer (each run to its first rest). */
    static final int OCCURRENCE_PAGE = 200;
    /** How long a run may take before its recovery timer takes it up again (a node died during it). */
    static final Duration RECOVER = Duration.ofSeconds(30);
    static final Duration DEFINITIONS_TTL = Duration.ofSeconds(5);
    /** How long the first of the wake timers firing together waits for others to join it. */
    static final Duration WAKES_GATHER = Duration.ofMillis(5);
    /** How often a split's experiment without a winner is counted again. */
    static final Duration EXPERIMENT_CHECK = Duration.ofSeconds(30);
    private static final int MAX_STEPS = Definition.MAX_NODES + 1;
    private static final Logger LOG = LoggerFactory.getLogger(JourneyEngine.class);
    private static final tools.jackson.databind.json.JsonMapper JSON = JourneyStore.JSON;
    private static final tools.jackson.core.type.TypeReference<Map<String, Object>> MAP = new tools.jackson.core.type.TypeReference<>() {
    };
    private static final Set<String> TYPES = Set.of(DomainEvent.EVENTS_APPLIED, DomainEvent.SEGMENT_ENTERED,
            DomainEvent.SEGMENT_EXITED);

    final JourneyStore store = new JourneyStore();
    final Enrollments enrollments = new Enrollments();
    final Experiments experiments = new Experiments();
    final Caps caps = new Caps();
    private final Customer360 customers;
    private final io.quanyu.records.Records records;
    private final Segments segments;
    private final DeliveryService delivery;
    private final JourneyPlugins plugins;
    private final JourneyWebhooks webhooks;
    private final Scheduler scheduler;
    private final Function<TenantId, TenantDatabase> databases;
    private final Function<TenantId, Quotas> quotas;
    private final Clock clock;
    private final Map<TenantId, Cached> live = new ConcurrentHashMap<>();
    /** The wake timers of a tenant that fire at about the same time, taken together ({@link #wakeAll}). */
    private final io.quanyu.core.batch.Coalescer<TenantId, FiredTimer> wakes =
            new io.quanyu.core.batch.Coalescer<>(WAKES_GATHER, 100, this::wakeAll);
    /**
     * How many times {@link #forget} ran: a read of the journeys that a forget overtook (it began before a publish and
     * ended after it) is not kept, or events for 5 s after the publish would miss the new version (crash-send found one).
     */
    private final java.util.concurrent.atomic.AtomicLong forgotten = new java.util.concurrent.atomic.AtomicLong();
    private final Set<String> indexed = ConcurrentHashMap.newKeySet();
    /** Splits whose experiment had no winner when last counted, until when not to count again. */
    private final Map<String, Instant> undecided = new ConcurrentHashMap<>();
    private final Map<String, JourneyStore.Version> versions = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, JourneyStore.Version> eldest) {
                    return size() > 2_000;
                }
            });

    private record Cached(List<Live> journeys, JourneySettings settings, Instant loadedAt) {
    }

    /** A journey that has been published: its status and the version new entries run on. */
    record Live(String key, String status, JourneyStore.Version version) {
    }

    public JourneyEngine(Customer360 customers, io.quanyu.records.Records records, Segments segments, DeliveryService delivery,
                         Scheduler scheduler, Function<TenantId, TenantDatabase> databases, Function<TenantId, Quotas> quotas,
                         Clock clock) {
        this(customers, records, segments, delivery, JourneyPlugins.NONE, new JourneyWebhooks(io.quanyu.core.net.EgressPolicy.strict()),
                scheduler, databases, quotas, clock);
    }

    /**
     * An engine whose journeys may take the actions and triggers of the tenant's plugins and post webhooks (where the
     * platform's egress policy lets them).
     */
    public JourneyEngine(Customer360 customers, io.quanyu.records.Records records, Segments segments, DeliveryService delivery,
                         JourneyPlugins plugins, JourneyWebhooks webhooks, Scheduler scheduler,
                         Function<TenantId, TenantDatabase> databases, Function<TenantId, Quotas> quotas, Clock clock) {
        this.customers = customers;
        this.records = records;
        this.segments = segments;
        this.delivery = delivery;
        this.plugins = plugins;
        this.webhooks = webhooks;
        this.scheduler = scheduler;
        this.databases = databases;
        this.quotas = quotas;
        this.clock = clock;
        scheduler.register(WAKE, timer -> wakes.submit(timer.tenant(), timer));
        scheduler.register(OCCURRENCE, this::occurrence);
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
        enrollments.ensureIndexes(db);
    }

    /**
     * The tenant's database, after making sure its journey indexes exist: created the first time this node serves the
     * tenant, so a tenant made before journeys existed gets them too.
     */
    TenantDatabase ready(TenantDatabase db) {
        if (!indexed.contains(db.tenant().value())) {
            ensureIndexes(db);
            indexed.add(db.tenant().value());
        }
        return db;
    }

    private TenantDatabase db(TenantId tenant) {
        return ready(databases.apply(tenant));
    }

    @Override
    public void handle(DomainEvent event) {
        handleAll(List.of(event));
    }

    /** A run of the seam (one tenant's partition): its customer events read back once, then taken in time order. */
    @Override
    public void handleAll(List<DomainEvent> events) {
        Map<TenantId, List<DomainEvent>> byTenant = new LinkedHashMap<>();
        events.forEach(e -> byTenant.computeIfAbsent(e.tenant(), t -> new ArrayList<>()).add(e));
        byTenant.forEach((tenant, run) -> {
            try {
                handleTenant(tenant, run);
            } catch (RuntimeException e) {
                // the seam hands the run over again; a run cut short here is taken up by its recovery timer
                LOG.warn("journeys: a run of {} events of tenant {} failed; the seam hands them over again", run.size(),
                        tenant.value(), e);
                throw e;
            }
        });
    }

    private void handleTenant(TenantId tenant, List<DomainEvent> run) {
        List<Live> journeys = live(tenant);
        if (journeys.isEmpty()) {
            return;
        }
        TenantDatabase db = db(tenant);
        List<String> ids = new ArrayList<>();
        for (DomainEvent event : run) {
            if (DomainEvent.EVENTS_APPLIED.equals(event.type()) && event.data().get("events") instanceof List<?> list) {
                list.forEach(id -> ids.add(String.valueOf(id)));
            } else if (DomainEvent.SEGMENT_ENTERED.equals(event.type()) || DomainEvent.SEGMENT_EXITED.equals(event.type())) {
                String segment = String.valueOf(event.data().get("segment"));
                boolean entered = DomainEvent.SEGMENT_ENTERED.equals(event.type());
                for (Live journey : journeys) {
                    Definition.Entry entry = journey.version().definition().entry();
                    if (Journey.LIVE.equals(journey.status()) && segment.equals(entry.segment()) && entry.entered() == entered) {
                        enter(db, journey, event.key());
                    }
                }
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        List<TrackedEvent> tracked = new ArrayList<>(customers.events(db, ids));
        tracked.removeIf(e -> e.customerId() == null);
        tracked.sort(Comparator.comparing(TrackedEvent::time));
        // each customer's enrollments as the run leaves them, by journey
        Map<String, Map<String, Enrollment>> open = new HashMap<>();
        for (Enrollment e : enrollments.open(db, tracked.stream().map(TrackedEvent::customerId).distinct().toList())) {
            open.computeIfAbsent(e.customer(), c -> new LinkedHashMap<>()).put(e.journey(), e);
        }
        // the run's entries on an event, prepared together (after the open enrollments were read: one written now is
        // no customer's until its own entry runs it): one read of their enrollments, their first timers and
        // enrollments written at once; each still runs at its own event, in order
        List<Entrant> entrants = new ArrayList<>();
        List<Set<String>> entering = new ArrayList<>(); // per event, the journeys it enters its customer into
        for (TrackedEvent event : tracked) {
            Set<String> into = new HashSet<>();
            for (Live journey : journeys) {
                if (Journey.LIVE.equals(journey.status()) && journey.version().definition().entry().takes(event, clock.instant())) {
                    entrants.add(new Entrant(journey, event.customerId()));
                    into.add(journey.key());
                }
            }
            entering.add(into);
        }
        Prepared prepared = prepare(db, entrants);
        // the fresh enrollments' runs are taken together, each customer's before their next event is
        Wave wave = new Wave(db, e -> open.computeIfAbsent(e.customer(), c -> new LinkedHashMap<>()).put(e.journey(), e));
        for (int i = 0; i < tracked.size(); i++) {
            TrackedEvent event = tracked.get(i);
            if (wave.holds(event.customerId())) {
                wave.run();
            }
            Map<String, Enrollment> ofCustomer = open.computeIfAbsent(event.customerId(), c -> new LinkedHashMap<>());
            ofCustomer.replaceAll((journey, e) -> onEvent(db, e, event));
            for (Live journey : journeys) {
                if (!Journey.LIVE.equals(journey.status())) {
                    continue;
                }
                Definition.Entry entry = journey.version().definition().entry();
                if (entering.get(i).contains(journey.key())) {
                    enter(db, journey, event.customerId(), prepared, wave);
                } else if (entry.trigger() != null) {
                    triggered(db, journey, entry.trigger(), event).ifPresent(values ->
                            enter(db, journey, event.customerId(), values).ifPresent(e -> ofCustomer.put(e.journey(), e)));
                }
            }
        }
        wave.run();
    }

    /**
     * Fresh enrollments whose runs are taken together ({@link #runAll}); a customer's are taken before anything else of
     * theirs is ({@link #holds}), so each enrollment still has one writer at a time and sees its events in order.
     */
    private final class Wave {
        private final TenantDatabase db;
        private final java.util.function.Consumer<Enrollment> left;
        private final List<Enrollment> fresh = new ArrayList<>();
        private final Set<String> customers = new HashSet<>();

        Wave(TenantDatabase db, java.util.function.Consumer<Enrollment> left) {
            this.db = db;
            this.left = left;
        }

        void add(Enrollment e) {
            fresh.add(e);
            customers.add(e.customer());
        }

        boolean holds(String customer) {
            return customers.contains(customer);
        }

        void run() {
            if (!fresh.isEmpty()) {
                runAll(db, fresh).forEach(left);
                fresh.clear();
                customers.clear();
            }
        }
    }

    /**
     * A customer event for a customer in a journey: the goal converts them, an exit rule takes them out, the event a
     * wait expects moves them on. Events from before the enrollment (or the wait) began do nothing; an event the
     * wait expected that arrives after its timeout was taken is ignored, and logged.
     */
    private Enrollment onEvent(TenantDatabase db, Enrollment e, TrackedEvent event) {
        if (Enrollment.DONE.equals(e.state()) || event.time().isBefore(e.enteredAt())) {
            return e;
        }
        Definition d = version(db, e.journey(), e.version()).definition();
        Instant now = clock.instant();
        if (d.goal() != null && d.goal().takes(event, now)) {
            Enrollment converted = finish(db, e, e.node(), "converted", "goal:" + event.type());
            if ("converted".equals(converted.outcome()) && converted.run() == e.run()) {
                experiments.converted(db, e);
            }
            return converted;
        }
        for (Definition.Trigger exit : d.exits()) {
            if (exit.takes(event, now)) {
                return finish(db, e, e.node(), "exited", "exit:" + event.type());
            }
        }
        if (Enrollment.WAITING.equals(e.state()) && d.node(e.node()) instanceof Node.WaitForEvent wait
                && wait.event().equals(event.type()) && (wait.where() == null || wait.where().matches(event.asFacts(), now))) {
            Instant began = e.dueAt().minus(wait.timeout());
            if (event.time().isBefore(began)) {
                return e;
            }
            if (event.time().isAfter(e.dueAt())) {
                LOG.info("journey {}: event {} of customer {} came after the wait {} timed out at {}; ignored",
                        e.journey(), event.eventId(), e.customer(), wait.id(), e.dueAt());
                return e;
            }
            enrollments.outcome(db, e.step(wait.id()), Map.of("took", "event", "event", event.eventId()));
            return resume(db, e, wait.onEvent()).map(moved -> run(db, moved)).orElse(e);
        }
        return e;
    }

    /**
     * The values a plugin's trigger entry fires with for this event, or empty when it does not look at the event's
     * type, does not fire, or failed (logged: a trigger that fails decides nothing, and the event is not handed to it
     * again).
     */
    private Optional<Map<String, Object>> triggered(TenantDatabase db, Live journey, Definition.PluginTrigger trigger,
                                                    TrackedEvent event) {
        Optional<JourneyPlugins.Offered> offered = plugins.trigger(db.tenant(), trigger.plugin(), trigger.name());
        if (offered.isEmpty() || !offered.get().eventTypes().contains(event.type())) {
            return Optional.empty();
        }
        Map<String, Object> parameters = JSON.convertValue(trigger.parameters(), MAP);
        JourneyPlugins.TriggerAnswer answer = plugins.evaluate(as(db.tenant(), journey.version()), trigger.plugin(),
                trigger.name(), event, parameters);
        if (answer.code() != null) {
            LOG.warn("journey {}: the trigger {}/{} failed on event {}: {}", journey.key(), trigger.plugin(), trigger.name(),
                    event.eventId(), answer.code());
        }
        return answer.fire() ? Optional.of(answer.values()) : Optional.empty();
    }

    /** Enters the customer if they may (not in it now; a re-entry the journey allows), then runs them to a rest. */
    Optional<Enrollment> enter(TenantDatabase db, Live journey, String customer) {
        return enter(db, journey, customer, Map.of());
    }

    /** A customer an event or an occurrence may enter into a journey. */
    private record Entrant(Live journey, String customer) {
        String id() {
            return Enrollments.id(journey.key(), customer);
        }
    }

    /**
     * Entries prepared together: the enrollments of their journeys and customers read at once, and for those who have
     * none, the timers of their first run set at once (as each entry sets its own first: the timer before the write)
     * and their enrollments written at once, active at the start, each run when its own entry comes.
     */
    private record Prepared(boolean read, Map<String, Enrollment> existing, Map<String, Enrollment> fresh) {
        static Prepared none() {
            return new Prepared(false, Map.of(), new HashMap<>());
        }
    }

    private Prepared prepare(TenantDatabase db, List<Entrant> entrants) {
        if (entrants.size() < 2) {
            return Prepared.none();
        }
        Map<String, Entrant> byId = new LinkedHashMap<>();
        entrants.forEach(e -> byId.putIfAbsent(e.id(), e));
        Map<String, Enrollment> existing = new HashMap<>();
        enrollments.findAll(db, byId.keySet()).forEach(e -> existing.put(e.id(), e));
        Instant now = clock.instant();
        List<Entrant> first = byId.values().stream().filter(e -> !existing.containsKey(e.id())
                && !stopped(db.tenant(), e.journey().key())).toList();
        if (first.isEmpty()) {
            return new Prepared(true, existing, new HashMap<>());
        }
        List<TimerRequest> timers = first.stream().map(e -> timer(db.tenant(), e.journey().key(), e.customer(), 1,
                now.plus(RECOVER))).toList();
        setTimers(timers);
        JourneySettings settings = settings(db.tenant());
        List<Enrollment> made = first.stream().map(e -> new Enrollment(e.journey().key(), e.customer(), 1,
                e.journey().version().version(), e.journey().version().definition().start(), Enrollment.ACTIVE, 1, null, now,
                null, null, null, settings.holds(db.tenant().value(), e.customer()))).toList();
        Set<String> written = enrollments.enterAll(db, made, now);
        Map<String, Enrollment> fresh = new HashMap<>();
        made.stream().filter(e -> written.contains(e.id())).forEach(e -> fresh.put(e.id(), e));
        return new Prepared(true, existing, fresh);
    }

    /**
     * {@link #enter(TenantDatabase, Live, String)} for an entry {@link #prepare}d with others: a fresh enrollment's run
     * joins the wave; another entry (a re-entry, one written meanwhile) is taken now, its enrollment handed to the wave's
     * {@code left} as it leaves it.
     */
    private void enter(TenantDatabase db, Live journey, String customer, Prepared prepared, Wave wave) {
        Enrollment fresh = prepared.fresh().remove(Enrollments.id(journey.key(), customer));
        if (fresh != null) {
            wave.add(fresh);
        } else {
            enter(db, journey, customer, Map.of()).ifPresent(wave.left);
        }
    }

    /** As {@link #enter(TenantDatabase, Live, String)}, with the values its sends see as {@code vars.entry}. */
    private Optional<Enrollment> enter(TenantDatabase db, Live journey, String customer, Map<String, Object> values) {
        Instant now = clock.instant();
        Definition d = journey.version().definition();
        Optional<Enrollment> existing = enrollments.find(db, journey.key(), customer);
        if (existing.isEmpty()) {
            boolean holdout = settings(db.tenant()).holds(db.tenant().value(), customer);
            setTimer(timer(db.tenant(), journey.key(), customer, 1, now.plus(RECOVER)));
            if (!enrollments.enter(db, journey.key(), customer, journey.version().version(), d.start(), holdout, values, now)) {
                return Optional.empty();
            }
            return Optional.of(run(db, new Enrollment(journey.key(), customer, 1, journey.version().version(), d.start(),
                    Enrollment.ACTIVE, 1, null, now, null, null, null, holdout)));
        }
        Enrollment e = existing.get();
        if (!Enrollment.DONE.equals(e.state()) || !d.reentry().allows(e.enteredAt(), now)) {
            return Optional.empty();
        }
        boolean holdout = settings(db.tenant()).holds(db.tenant().value(), customer);
        setTimer(timer(db.tenant(), journey.key(), customer, e.seq() + 1, now.plus(RECOVER)));
        if (!enrollments.reenter(db, e, journey.version().version(), d.start(), holdout, values, now)) {
            return Optional.empty();
        }
        return Optional.of(run(db, new Enrollment(journey.key(), customer, e.run() + 1, journey.version().version(), d.start(),
                Enrollment.ACTIVE, e.seq() + 1, null, now, null, null, null, holdout)));
    }

    /**
     * Takes an active enrollment from its node to its next rest (a wait, the end), node by node. Answers the
     * enrollment as left, or as it was when another writer moved it first (then that writer carries on).
     */
    private Enrollment run(TenantDatabase db, Enrollment e) {
        return runAll(db, List.of(e)).getFirst();
    }

    /** A run on its way from node to node: the node it is at; {@code left}, the enrollment as left, once it rests or ends. */
    private static final class Going {
        final Enrollment e;
        final JourneyStore.Version v;
        String at;
        @Nullable Enrollment left;

        Going(Enrollment e, JourneyStore.Version v) {
            this.e = e;
            this.v = v;
            this.at = e.node();
        }

        Definition definition() {
            return v.definition();
        }
    }

    /**
     * Takes active enrollments (of distinct ids) each to its next rest as {@link #run} takes one, together, in rounds
     * of one node each: a round logs the step of every run still going in one write, then takes each step's effect in
     * turn (the tags together), then writes the round's rests (their timers first) and ends together. Every effect
     * still follows its own step's log. Answers each enrollment as left, in order.
     */
    private List<Enrollment> runAll(TenantDatabase db, List<Enrollment> started) {
        List<Going> all = new ArrayList<>();
        for (Enrollment e : started) {
            Going g = new Going(e, version(db, e.journey(), e.version()));
            if (stopped(db.tenant(), e.journey())) {
                g.left = finish(db, e, e.node(), "stopped", null);
            }
            all.add(g);
        }
        for (int index = 0; ; index++) {
            List<Going> going = all.stream().filter(g -> g.left == null).toList();
            if (going.isEmpty()) {
                return all.stream().map(g -> g.left).toList();
            }
            if (index == MAX_STEPS) {
                throw new IllegalStateException("journey " + going.getFirst().e.journey() + " ran " + MAX_STEPS
                        + " steps without a rest");
            }
            Instant now = clock.instant();
            List<Enrollments.StepLog> logs = new ArrayList<>();
            for (Going g : going) {
                Node node = g.definition().node(g.at);
                String choice = switch (node) { // a decision, logged with its step (a repeat keeps the first)
                    case Node.Branch branch -> verdict(db, g.v, g.e.customer(), branch) ? "yes" : "no";
                    case Node.Split split -> choose(db, g.e, split, now).name();
                    default -> null;
                };
                logs.add(new Enrollments.StepLog(g.e, node.id(), index, now, choice));
            }
            List<Enrollments.Step> steps = enrollments.stepAll(db, logs);
            Round round = new Round(db);
            for (int i = 0; i < going.size(); i++) {
                take(db, going.get(i), steps.get(i), now, round);
            }
            round.write();
        }
    }

    /** The tags, rests and ends of a round, written together ({@link #runAll}). */
    private final class Round {
        final TenantDatabase db;
        final List<Going> ending = new ArrayList<>();
        final List<TimerRequest> timers = new ArrayList<>();
        final List<Enrollments.Move> moves = new ArrayList<>();
        final List<Enrollment> left = new ArrayList<>();

        /** By journey (the tags' source), the round's tag steps and what they set. */
        final Map<String, List<Map.Entry<Enrollments.Step, Customer360.Tagging>>> tags = new LinkedHashMap<>();

        Round(TenantDatabase db) {
            this.db = db;
        }

        void tag(Going g, Node.Tag tag, Enrollments.Step step) {
            tags.computeIfAbsent(g.e.journey(), j -> new ArrayList<>())
                    .add(Map.entry(step, new Customer360.Tagging(g.e.customer(), tag.add(), tag.remove())));
        }

        void rest(Going g, String node, Instant due) {
            timers.add(timer(db.tenant(), g.e.journey(), g.e.customer(), g.e.seq() + 1, due));
            add(g, Enrollments.resting(node, due), g.e.moved(node, Enrollment.WAITING, due));
        }

        /** A wait: the run rests there until {@code due}, or, when that has passed (a repeat), goes on to {@code then}. */
        void restUntil(Going g, String node, Instant due, Instant now, String then) {
            if (due.isAfter(now)) {
                rest(g, node, due);
            } else {
                g.at = then;
            }
        }

        void finish(Going g, String node, String outcome) {
            Instant now = clock.instant();
            add(g, Enrollments.finishing(node, outcome, null, now), g.e.ended(node, outcome, null, now));
        }

        private void add(Going g, org.bson.conversions.Bson update, Enrollment after) {
            ending.add(g);
            moves.add(new Enrollments.Move(g.e, update));
            left.add(after);
        }

        /**
         * The round's tags, by journey, each journey's in one write (a customer the profile store refuses, erased or
         * merged away, is recorded on the step, and the run goes on); then the rests' timers (each before its write),
         * then the rests' and ends' writes; those another writer moved first are read again.
         */
        void write() {
            tags.forEach((journey, steps) -> {
                String by = "journey:" + journey;
                Map<String, QuanyuException> refused = customers.tagAll(db, steps.stream().map(Map.Entry::getValue).toList(), by, by);
                for (Map.Entry<Enrollments.Step, Customer360.Tagging> step : steps) {
                    QuanyuException why = refused.get(step.getValue().customer());
                    if (why != null) {
                        LOG.info("journey {}: the tags of {} for customer {} were refused: {}", journey, step.getKey().id(),
                                step.getValue().customer(), why.getMessage());
                        enrollments.outcome(db, step.getKey().id(), Map.of("error", why.code().name()));
                    }
                }
            });
            if (moves.isEmpty()) {
                return;
            }
            setTimers(timers);
            List<Boolean> taken = enrollments.moveAll(db, moves, clock.instant());
            for (int i = 0; i < ending.size(); i++) {
                ending.get(i).left = taken.get(i) ? left.get(i) : current(db, moves.get(i).e());
            }
        }
    }

    /** A step of a run, logged: its effect (a tag's with the round's), then where the run goes next, or its rest or end (with the round's). */
    private void take(TenantDatabase db, Going g, Enrollments.Step step, Instant now, Round round) {
        Enrollment e = g.e;
        JourneyStore.Version v = g.v;
        Definition d = g.definition();
        switch (d.node(g.at)) {
            case Node.End end -> round.finish(g, end.id(), "completed");
            case Node.Wait wait -> round.restUntil(g, wait.id(), step.at().plus(wait.duration()), now, wait.then());
            case Node.WaitForEvent wait -> round.restUntil(g, wait.id(), step.at().plus(wait.timeout()), now, wait.onTimeout());
            case Node.Branch branch -> g.at = "yes".equals(step.choice()) ? branch.yes() : branch.no();
            case Node.Split split -> g.at = split.arms().stream().filter(a -> a.name().equals(step.choice())).findFirst()
                    .orElseGet(() -> arm(db.tenant(), e.journey(), split, e.customer())).then();
            case Node.Tag tag -> {
                if (!heldOut(db, e, step)) {
                    round.tag(g, tag, step);
                }
                g.at = tag.then();
            }
            case Node.Update update -> {
                if (!heldOut(db, e, step)) {
                    update(db.tenant(), v, e.customer(), update).ifPresent(error -> enrollments.outcome(db, step.id(), error));
                }
                g.at = update.then();
            }
            case Node.Send send -> {
                if (!heldOut(db, e, step)) {
                    Map<String, Object> variables = d.passesValues() ? enrollments.variables(db, e) : Map.of();
                    enrollments.outcome(db, step.id(), send(db.tenant(), v, e.customer(), send, step.id(), variables));
                }
                g.at = send.then();
            }
            case Node.Action action -> {
                if (heldOut(db, e, step)) {
                    g.at = action.then();
                    return;
                }
                Map<String, Object> parameters = JSON.convertValue(action.parameters(), MAP);
                Acted acted = attempt(db, e, step, action.id() + " (" + action.plugin() + "/" + action.action() + ")",
                        () -> plugins.act(as(db.tenant(), v), action.plugin(), action.action(), new JourneyPlugins.ActionCall(
                                e.customer(), parameters, step.id(), e.journey(), action.id())));
                if (acted.retryAt() != null) {
                    round.rest(g, action.id(), acted.retryAt());
                } else {
                    g.at = acted.done() || action.onFailure() == null ? action.then() : action.onFailure();
                }
            }
            case Node.Webhook hook -> {
                if (heldOut(db, e, step)) {
                    g.at = hook.then();
                    return;
                }
                Acted acted = attempt(db, e, step, hook.id() + " (webhook to " + hook.url().getHost() + ")",
                        () -> webhooks.post(hook.url(), step.id(), webhookBody(db, v, e, hook, d), JourneySettings.webhookSecret(db),
                                clock.instant()));
                if (acted.retryAt() != null) {
                    round.rest(g, hook.id(), acted.retryAt());
                } else {
                    g.at = acted.done() || hook.onFailure() == null ? hook.then() : hook.onFailure();
                }
            }
        }
    }

    /** An action step's attempt: done or failed for good, or to be tried again at {@code retryAt}. */
    private record Acted(boolean done, @Nullable Instant retryAt) {
    }

    /**
     * Takes an action step's effect (a plugin's action, a webhook), keyed by the step (the same key for each attempt).
     * A step whose effect is recorded as final (a repeat after a crash) is not taken again. An answer that may succeed
     * later (the plugin asked, it timed out or was busy; a partner's 5xx) is tried again after its delay, within
     * {@link Node.Action#MAX_ATTEMPTS} attempts; then, like any failure, it is recorded and the run takes the failure path.
     */
    private Acted attempt(TenantDatabase db, Enrollment e, Enrollments.Step step, String what,
                          java.util.function.Supplier<JourneyPlugins.ActionAnswer> effect) {
        org.bson.Document before = step.result();
        if (before != null && (before.containsKey("output") || before.containsKey("error"))) {
            return new Acted(before.containsKey("output"), null);
        }
        int attempt = (before == null ? 0 : before.get("attempts", Number.class) == null ? 0
                : before.get("attempts", Number.class).intValue()) + 1;
        JourneyPlugins.ActionAnswer answer = effect.get();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("attempts", attempt);
        if (answer.isDone()) {
            result.put("output", answer.output());
            enrollments.outcome(db, step.id(), result);
            return new Acted(true, null);
        }
        if (answer.retryAfter() != null && attempt < Node.Action.MAX_ATTEMPTS) {
            Instant retryAt = clock.instant().plus(clamp(answer.retryAfter()));
            result.put("retrying", answer.code());
            result.put("retryAt", java.util.Date.from(retryAt));
            enrollments.outcome(db, step.id(), result);
            return new Acted(false, retryAt);
        }
        LOG.info("journey {}: the step {} for customer {} failed after {} attempt(s): {} {}", e.journey(), what,
                e.customer(), attempt, answer.code(), answer.message());
        result.put("error", answer.code());
        if (answer.message() != null) {
            result.put("message", answer.message().length() > 500 ? answer.message().substring(0, 500) : answer.message());
        }
        enrollments.outcome(db, step.id(), result);
        return new Acted(false, null);
    }

    /**
     * A webhook's body, as Standard Webhooks shapes one: {@code {"type": "journey.step", "timestamp", "data": {journey,
     * version, step, customerId, run, data (the step's), entry, steps}}}.
     */
    private byte[] webhookBody(TenantDatabase db, JourneyStore.Version v, Enrollment e, Node.Webhook hook, Definition d) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("journey", e.journey());
        data.put("version", v.version());
        data.put("step", hook.id());
        data.put("customerId", e.customer());
        data.put("run", e.run());
        data.put("data", hook.data());
        if (d.passesValues()) {
            data.putAll(enrollments.variables(db, e));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "journey.step");
        body.put("timestamp", clock.instant().toString());
        body.put("data", data);
        return JSON.writeValueAsBytes(body);
    }

    /** A retry's delay, between a second and a day. */
    private static Duration clamp(Duration delay) {
        return delay.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : delay.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : delay;
    }

    /** Whether the run is in the tenant's global holdout: its action step is then recorded as skipped, and not taken. */
    private boolean heldOut(TenantDatabase db, Enrollment e, Enrollments.Step step) {
        if (e.holdout()) {
            enrollments.outcome(db, step.id(), Map.of("skipped", "globalHoldout"));
        }
        return e.holdout();
    }

    /**
     * Sets the node's fields on the customer's record, as the version's publisher (a patch: a repeat sets the same
     * values); answers what the record refused (an unknown field, a bad value, a field the publisher may not write, a
     * customer gone), which the step records, the run going on.
     */
    private Optional<Map<String, Object>> update(TenantId tenant, JourneyStore.Version v, String customer, Node.Update update) {
        try {
            records.updateWhere(as(tenant, v), "customer", customer,
                    tools.jackson.databind.node.JsonNodeFactory.instance.objectNode(), update.fields());
            return Optional.empty();
        } catch (QuanyuException refused) {
            LOG.info("journey {}: the update {} of customer {} was refused: {}", v.journey(), update.id(), customer,
                    refused.getMessage());
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", refused.code().name());
            if (!refused.violations().isEmpty()) {
                error.put("fields", refused.violations().stream().map(f -> f.pointer()).toList());
            }
            return Optional.of(error);
        }
    }

    /** The delivery service's answer to the send, under the step's key (a repeat answers the first send's delivery). */
    private Map<String, Object> send(TenantId tenant, JourneyStore.Version v, String customer, Node.Send send, String key,
                                     Map<String, Object> variables) {
        try {
            Delivery sent = delivery.send(as(tenant, v), new SendCommand(customer, send.channels(), send.template(), variables,
                    send.purpose(), key));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("sendId", sent.sendId());
            out.put("status", sent.status());
            return out;
        } catch (QuanyuException refused) {
            LOG.info("journey {}: the send of {} to customer {} was refused: {}", v.journey(), send.id(), customer, refused.getMessage());
            return Map.of("error", refused.code().name());
        }
    }

    private boolean verdict(TenantDatabase db, JourneyStore.Version v, String customer, Node.Branch branch) {
        return segments.verdict(as(db.tenant(), v), customer, branch.rule()).map(Verdict::matched).orElse(false);
    }

    /** The call a version's runs make: its publisher's, with the roles they had when they published it. */
    private CallContext as(TenantId tenant, JourneyStore.Version v) {
        Set<Role> roles = new HashSet<>();
        v.roles().forEach(name -> Role.fromClaim(name).ifPresent(roles::add));
        return new CallContext(tenant, v.publishedBy() + " via journey " + v.journey(), roles, quotas.apply(tenant), null, null);
    }

    /**
     * The arm a customer takes at a split: by the hash ({@link #arm}); once the split's experiment has a winner, the
     * winner for every customer outside the holdout; and when that arm is capped and full, the split's overflow arm.
     */
    private Node.Arm choose(TenantDatabase db, Enrollment e, Node.Split split, Instant now) {
        Node.Arm chosen = uncapped(db, e, split, now);
        return chosen.cap() > 0 ? split.arm(caps.give(db, e, split, chosen)).orElse(chosen) : chosen;
    }

    private Node.Arm uncapped(TenantDatabase db, Enrollment e, Node.Split split, Instant now) {
        Node.Arm hashed = arm(db.tenant(), e.journey(), split, e.customer());
        if (hashed.holdout() || split.experiment() == null) {
            return hashed;
        }
        String key = db.tenant().value() + "|" + e.journey() + "@" + e.version() + "|" + split.id();
        Instant next = undecided.get(key);
        if (next != null && now.isBefore(next)) {
            return hashed;
        }
        Optional<String> winner = experiments.winner(db, e.journey(), e.version(), split, now);
        if (winner.isEmpty()) {
            undecided.put(key, now.plus(EXPERIMENT_CHECK));
        }
        return winner.flatMap(w -> split.arms().stream().filter(a -> a.name().equals(w)).findFirst()).orElse(hashed);
    }

    /** The arm of a split for a customer: a hash of tenant, journey, node and customer, the same on every entry. */
    static Node.Arm arm(TenantId tenant, String journey, Node.Split split, String customer) {
        int bucket = bucket(tenant.value() + "|" + journey + "|" + split.id() + "|" + customer);
        int upTo = 0;
        for (Node.Arm arm : split.arms()) {
            upTo += arm.percent();
            if (bucket < upTo) {
                return arm;
            }
        }
        return split.arms().getLast();
    }

    /** 0 to 99, evenly, from the text's SHA-256. */
    static int bucket(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long n = 0;
            for (int i = 0; i < 8; i++) {
                n = (n << 8) | (hash[i] & 0xff);
            }
            return (int) Long.remainderUnsigned(n, 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Moves a waiting enrollment on to {@code node}: its recovery timer first, then the write; empty if another moved it. */
    private Optional<Enrollment> resume(TenantDatabase db, Enrollment e, String node) {
        Instant now = clock.instant();
        setTimer(timer(db.tenant(), e.journey(), e.customer(), e.seq() + 1, now.plus(RECOVER)));
        return enrollments.resume(db, e, node, now) ? Optional.of(e.moved(node, Enrollment.ACTIVE, null)) : Optional.empty();
    }

    /** Ends the run at {@code node} with its outcome; answers the enrollment as another writer left it if one came first. */
    private Enrollment finish(TenantDatabase db, Enrollment e, String node, String outcome, String reason) {
        Instant now = clock.instant();
        if (enrollments.finish(db, e, node, outcome, reason, now)) {
            return e.ended(node, outcome, reason, now);
        }
        return current(db, e);
    }

    private Enrollment current(TenantDatabase db, Enrollment e) {
        return enrollments.find(db, e.journey(), e.customer()).orElse(e);
    }

    /**
     * Enrollments' timers that fired at about the same time: each one's wait ended (a wait goes on; an event wait takes
     * its timeout path) or its run is taken up again after a node died in it. A timer for a seq its enrollment has left
     * does nothing (nor does a second timer of the same enrollment in the batch: the first moves it). Their
     * enrollments are read at once; those past a wait are moved on together (their recovery timers first, then one
     * write), and every run then goes on together ({@link #runAll}). Answers the timers that failed (a wait not over
     * yet is tried again later).
     */
    Map<FiredTimer, RuntimeException> wakeAll(TenantId tenant, List<FiredTimer> timers) {
        TenantDatabase db = db(tenant);
        Map<FiredTimer, RuntimeException> failed = new HashMap<>();
        Map<String, Enrollment> found = new HashMap<>();
        enrollments.findAll(db, timers.stream().map(t -> Enrollments.id(String.valueOf(t.payload().get("journey")),
                String.valueOf(t.payload().get("customer")))).distinct().toList()).forEach(e -> found.put(e.id(), e));
        Set<String> taken = new HashSet<>();
        List<Enrollment> going = new ArrayList<>();
        List<Enrollments.Move> resumes = new ArrayList<>();
        List<Enrollment> resumed = new ArrayList<>();
        Instant now = clock.instant();
        for (FiredTimer timer : timers) {
            String journey = String.valueOf(timer.payload().get("journey"));
            String customer = String.valueOf(timer.payload().get("customer"));
            long seq = ((Number) timer.payload().get("seq")).longValue();
            Enrollment e = found.get(Enrollments.id(journey, customer));
            if (e == null || e.seq() != seq || Enrollment.DONE.equals(e.state()) || !taken.add(e.id())) {
                continue;
            }
            if (timer.payload().get("migrated") instanceof Number migrated
                    && (e.version() != migrated.longValue() || !Enrollment.ACTIVE.equals(e.state()))) {
                continue; // a migration's wake whose write lost to a run: that run carries on
            }
            if (Enrollment.ACTIVE.equals(e.state())) {
                if (timer.payload().get("migrated") == null) {
                    LOG.info("journey {}: taking up the run of customer {} at {} again", journey, customer, e.node());
                }
                going.add(e);
                continue;
            }
            if (now.isBefore(e.dueAt())) {
                failed.put(timer, new IllegalStateException("the wait of " + e.id() + " ends at " + e.dueAt() + "; trying again"));
                continue;
            }
            Node node = version(db, journey, e.version()).definition().node(e.node());
            String next = switch (node) {
                case Node.Wait wait -> wait.then();
                case Node.Action action -> action.id(); // its next attempt
                case Node.Webhook hook -> hook.id();
                case Node.WaitForEvent wait -> {
                    enrollments.outcome(db, e.step(wait.id()), Map.of("took", "timeout"));
                    yield wait.onTimeout();
                }
                default -> null;
            };
            if (next == null) {
                failed.put(timer, new IllegalStateException("enrollment " + e.id() + " waits at " + node.id() + ", not a wait"));
                continue;
            }
            resumes.add(new Enrollments.Move(e, Enrollments.resuming(next)));
            resumed.add(e.moved(next, Enrollment.ACTIVE, null));
        }
        if (!resumes.isEmpty()) {
            List<TimerRequest> recovery = resumes.stream().map(m -> timer(tenant, m.e().journey(), m.e().customer(),
                    m.e().seq() + 1, now.plus(RECOVER))).toList();
            setTimers(recovery);
            List<Boolean> moved = enrollments.moveAll(db, resumes, now);
            for (int i = 0; i < resumes.size(); i++) {
                if (moved.get(i)) {
                    going.add(resumed.get(i));
                } // else another writer moved it first, and carries on
            }
        }
        if (!going.isEmpty()) {
            runAll(db, going);
        }
        return failed;
    }

    /**
     * Repairs a stuck enrollment: {@code retry} sets its timer again, due now (its run or wait is taken up as if the
     * timer had fired); {@code skip} takes a waiting enrollment past its wait at once (a wait's next node, an event
     * wait's timeout path); {@code exit} ends its run ({@code exited}, reason {@code repair}). Answers the enrollment
     * as left.
     */
    Enrollment repair(TenantDatabase db, Enrollment e, String action) {
        return switch (action) {
            case "retry" -> {
                // a key of its own: the scheduler keeps a fired key and would not fire it again
                Instant now = clock.instant();
                scheduler.schedule(under(timer(db.tenant(), e.journey(), e.customer(), e.seq(), now), "retry-" + now.toEpochMilli(),
                        Map.of()));
                yield e;
            }
            case "exit" -> finish(db, e, e.node(), "exited", "repair");
            case "skip" -> {
                if (!Enrollment.WAITING.equals(e.state())) {
                    throw new io.quanyu.core.error.QuanyuException(io.quanyu.core.error.ErrorCode.JOURNEY_REPAIR_REFUSED,
                            Map.of("customer", e.customer(), "reason", "only a waiting enrollment can skip its wait"));
                }
                Node node = version(db, e.journey(), e.version()).definition().node(e.node());
                String next = node instanceof Node.WaitForEvent w ? w.onTimeout() : node.next().getFirst();
                enrollments.outcome(db, e.step(node.id()), Map.of("took", "skipped"));
                yield resume(db, e, next).map(moved -> run(db, moved)).orElseGet(() -> current(db, e));
            }
            default -> throw io.quanyu.core.error.QuanyuException.invalid(List.of(new io.quanyu.core.error.FieldViolation(
                    "/action", "type", "is retry, skip or exit")));
        };
    }

    /**
     * Sets the timer of the first occurrence (from now) of a published version's scheduled entry; nothing for another
     * entry or a schedule with no occurrence left. Idempotent: the key is the occurrence's.
     */
    void scheduleEntries(TenantDatabase db, String journey, long version) {
        Definition.Schedule schedule = version(db, journey, version).definition().entry().schedule();
        if (schedule != null) {
            schedule.first(clock.instant()).ifPresent(at -> scheduler.schedule(occurrence(db.tenant(), journey, version, at, "")));
        }
    }

    private static TimerRequest occurrence(TenantId tenant, String journey, long version, Instant at, String after) {
        String key = journey + "|v" + version + "|" + at.toEpochMilli() + (after.isEmpty() ? "" : "|" + after);
        return new TimerRequest(tenant, OCCURRENCE, key, at, Map.of("journey", journey, "version", version,
                "at", at.toEpochMilli(), "after", after));
    }

    /**
     * An occurrence of a scheduled entry: a page of the segment's members enter (as the publisher reads them), each
     * unless they entered at or after the occurrence already (a page fired again after a crash enters nobody twice),
     * then the next page's timer, due now, or, after the last page, the next occurrence's. A version replaced by a
     * newer one does nothing (the newer one has its own); while the journey is stopped its occurrences pass, entering
     * nobody, so that it goes on at the next one once started.
     */
    private void occurrence(FiredTimer timer) {
        TenantDatabase db = db(timer.tenant());
        String journey = String.valueOf(timer.payload().get("journey"));
        long version = ((Number) timer.payload().get("version")).longValue();
        Instant at = Instant.ofEpochMilli(((Number) timer.payload().get("at")).longValue());
        Journey current = store.find(db, journey).orElse(null);
        if (current == null || current.published() != version) {
            return;
        }
        JourneyStore.Version v = version(db, journey, version);
        Definition.Schedule schedule = v.definition().entry().schedule();
        if (Journey.LIVE.equals(current.status())) {
            String after = String.valueOf(timer.payload().get("after"));
            Entrants page = entrants(as(db.tenant(), v), schedule, at, after.isEmpty() ? null : after);
            Live live = new Live(journey, current.status(), v);
            Prepared prepared = prepare(db, page.customers().stream().map(c -> new Entrant(live, c)).toList());
            Wave wave = new Wave(db, e -> {
            });
            for (String customer : page.customers()) {
                Enrollment existing = prepared.read() ? prepared.existing().get(Enrollments.id(journey, customer))
                        : enrollments.find(db, journey, customer).orElse(null);
                if (existing == null || existing.enteredAt().isBefore(at)) {
                    enter(db, live, customer, prepared, wave);
                }
            }
            wave.run();
            if (page.next() != null) {
                TimerRequest next = occurrence(db.tenant(), journey, version, at, page.next());
                scheduler.schedule(new TimerRequest(next.tenant(), OCCURRENCE, next.key(), clock.instant(), next.payload()));
                return;
            }
        }
        schedule.after(at).ifPresent(next -> scheduler.schedule(occurrence(db.tenant(), journey, version, next, "")));
    }

    /** A page of an occurrence's entrants, and where the next page starts (null after the last). */
    private record Entrants(List<String> customers, @Nullable String next) {
    }

    /**
     * A page of who an occurrence takes, as the publisher reads them: the segment's members after a customer id, or,
     * for a date entry, the customers whose date field matches the occurrence's day (in the schedule's zone), after a
     * records cursor.
     */
    private Entrants entrants(CallContext publisher, Definition.Schedule schedule, Instant at, @Nullable String after) {
        if (schedule.date() != null) {
            java.time.LocalDate day = at.atZone(schedule.zone()).toLocalDate();
            io.quanyu.records.Page page = records.query(publisher, "customer", new io.quanyu.records.RecordQuery(
                    schedule.date().filter(day), List.of(), OCCURRENCE_PAGE, after, false));
            return new Entrants(page.records().stream().map(r -> r.path("_id").asString()).toList(),
                    page.hasNextPage() ? page.endCursor() : null);
        }
        List<io.quanyu.segments.Membership> page = segments.members(publisher, schedule.segment(), after, OCCURRENCE_PAGE);
        return new Entrants(page.stream().map(io.quanyu.segments.Membership::customer).toList(),
                page.size() == OCCURRENCE_PAGE ? page.getLast().customer() : null);
    }

    /**
     * Applies a publication's migration to the journey's customers still on older versions, page by page: each exits,
     * or moves to its node of {@code version} (its timer first, due now, so its run goes on from there even if this
     * node dies next), or stays where a run moved it meanwhile to a node the mapping does not name. Each write is
     * conditional on the enrollment's seq; one a run moved meanwhile is read again and decided again. Answers what was
     * done, counted as {@link Enrollments#before} counts a preview.
     */
    Migration.Plan migrate(TenantDatabase db, String journey, long version, Migration migration) {
        Map<Migration.Plan.Row, Long> done = new LinkedHashMap<>();
        if (!Migration.DRAIN.equals(migration.mode())) {
            String after = "";
            for (List<Enrollment> page = enrollments.olderOpen(db, journey, version, after, 500); !page.isEmpty();
                 page = enrollments.olderOpen(db, journey, version, after, 500)) {
                for (Enrollment e : page) {
                    migrate(db, version, migration, e).ifPresent(row -> done.merge(row, 1L, Long::sum));
                }
                after = page.getLast().id();
            }
        }
        List<Migration.Plan.Row> rows = new ArrayList<>();
        done.forEach((row, n) -> rows.add(Migration.Plan.Row.of(row.version(), row.node(), row.state(), migration, n)));
        return new Migration.Plan(journey, version, migration.mode(), rows);
    }

    /**
     * One enrollment's migration; answers its row (as {@link Enrollments#before} counts it, with no customers yet),
     * empty if it ended meanwhile.
     */
    private Optional<Migration.Plan.Row> migrate(TenantDatabase db, long version, Migration migration, Enrollment first) {
        Enrollment e = first;
        for (int attempt = 0; attempt < 20 && e != null; attempt++) {
            Instant now = clock.instant();
            Migration.Plan.Row row = Migration.Plan.Row.of(e.version(), e.node(), e.state(), migration, 0);
            boolean taken = switch (row.action()) {
                case "stay" -> true;
                case "exit" -> enrollments.finish(db, e, e.node(), "exited", migration.exitReason(), now);
                default -> {
                    scheduler.schedule(under(timer(db.tenant(), e.journey(), e.customer(), e.seq() + 1, now), "v" + version,
                            Map.of("migrated", version)));
                    yield enrollments.migrate(db, e, version, row.to(), now);
                }
            };
            if (taken) {
                return Optional.of(row);
            }
            e = enrollments.find(db, e.journey(), e.customer())
                    .filter(x -> !Enrollment.DONE.equals(x.state()) && x.version() < version).orElse(null);
        }
        if (e != null) {
            LOG.warn("journey {}: customer {} kept moving while version {} was published; left on version {}", e.journey(),
                    e.customer(), version, e.version());
        }
        return Optional.empty();
    }

    /**
     * Sets the timers of enrollments' next seqs (in one {@code scheduleAll}), each before the write that moves its
     * enrollment there. The key is that seq's, so an attempt repeated after a crash sets the same timer; but when that
     * key fired already (an earlier attempt died before its write, and its timer found nothing to do), the write that
     * follows would have no timer, so one under a key of its own is set.
     */
    private void setTimers(List<TimerRequest> requests) {
        List<io.quanyu.scheduling.Timer> set = scheduler.scheduleAll(requests);
        for (int i = 0; i < set.size(); i++) {
            if (set.get(i).state() != io.quanyu.scheduling.Timer.State.PENDING) {
                scheduler.schedule(under(requests.get(i), "again-" + clock.millis(), Map.of()));
            }
        }
    }

    private void setTimer(TimerRequest request) {
        setTimers(List.of(request));
    }

    /**
     * An enrollment's timer under a key of its own ({@code <key>|<suffix>}), with more in its payload: the scheduler
     * never fires a key twice, so a wake that must come although the seq's key was used (a repair's retry, a run whose
     * key fired, a migration) needs one.
     */
    private static TimerRequest under(TimerRequest request, String suffix, Map<String, Object> more) {
        Map<String, Object> payload = new LinkedHashMap<>(request.payload());
        payload.putAll(more);
        return new TimerRequest(request.tenant(), request.kind(), request.key() + "|" + suffix, request.due(), payload);
    }

    private static TimerRequest timer(TenantId tenant, String journey, String customer, long seq, Instant due) {
        return new TimerRequest(tenant, WAKE, journey + "|" + customer + "|" + seq, due,
                Map.of("journey", journey, "customer", customer, "seq", seq));
    }

    /** A published version, read once per node (versions never change). */
    JourneyStore.Version version(TenantDatabase db, String journey, long version) {
        String key = db.tenant().value() + "|" + journey + "@" + version;
        JourneyStore.Version found = versions.get(key);
        if (found == null) {
            found = store.version(db, journey, version).orElseThrow(() -> new IllegalStateException("no version " + key));
            versions.put(key, found);
        }
        return found;
    }

    private boolean stopped(TenantId tenant, String journey) {
        return live(tenant).stream().anyMatch(j -> j.key().equals(journey) && Journey.STOPPED.equals(j.status()));
    }

    /** The tenant's published journeys, read again at most every {@link #DEFINITIONS_TTL}. */
    List<Live> live(TenantId tenant) {
        return cached(tenant).journeys();
    }

    /** The tenant's journey settings, read with its journeys (at most every {@link #DEFINITIONS_TTL}). */
    JourneySettings settings(TenantId tenant) {
        return cached(tenant).settings();
    }

    private Cached cached(TenantId tenant) {
        Instant now = clock.instant();
        Cached cached = live.get(tenant);
        if (cached == null || !now.isBefore(cached.loadedAt().plus(DEFINITIONS_TTL))) {
            long generation = forgotten.get();
            TenantDatabase db = db(tenant);
            List<Live> out = new ArrayList<>();
            for (Journey j : store.list(db)) {
                if (j.published() > 0) {
                    out.add(new Live(j.key(), j.status(), version(db, j.key(), j.published())));
                }
            }
            cached = new Cached(List.copyOf(out), JourneySettings.read(db), now);
            if (forgotten.get() == generation) {
                live.put(tenant, cached);
            } // else a publish (stop, start) forgot the tenant's journeys while this read them: not kept, read again next time
        }
        return cached;
    }

    JourneyPlugins plugins() {
        return plugins;
    }

    JourneyWebhooks webhooks() {
        return webhooks;
    }

    Segments segments() {
        return segments;
    }

    Customer360 customers() {
        return customers;
    }

    io.quanyu.records.Records records() {
        return records;
    }

    /** Drops this node's cached journeys of the tenant (after a change made here). */
    void forget(TenantId tenant) {
        forgotten.incrementAndGet();
        live.remove(tenant);
    }
}
