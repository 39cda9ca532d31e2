package io.quanyu.customer360;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.identities.IdentityType;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.records.ReferenceMoves;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The customer 360 of a tenant: event and order ingestion, identity resolution with merge and unmerge, the profile
 * with its identities, aggregates, scores, tags, stage and history, the timeline, and privacy. One instance serves
 * every tenant; each call names the tenant's database handle.
 */
public final class Customer360 {
    private final java.util.Set<String> indexed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final SettingsStore settings = new SettingsStore();
    private final IdentityStore identities = new IdentityStore();
    private final EventStore events = new EventStore();
    private final BehaviorFacts behaviorFacts = new BehaviorFacts(events);
    private final ProfileStore profiles;
    private final EventTypes eventTypes = new EventTypes();
    private final RecordService records;
    private final MetadataService metadata;
    private final MergeService merges;
    private final Ingestion ingestion;
    private final OrderFeed orders;
    private final Timeline timeline;
    private final Privacy privacy;
    private final RuleEvaluator rules;
    private final Clock clock;

    /** Without a relay on this node: the event seam's sweep sends the profiles' events on. */
    public Customer360(MetadataService metadata, RecordService records, Clock clock) {
        this(metadata, records, clock, io.quanyu.outbox.OutboxSignal.NONE);
    }

    /** {@code signal}: this node's event seam, told of every profile save that carries domain events. */
    public Customer360(MetadataService metadata, RecordService records, Clock clock, io.quanyu.outbox.OutboxSignal signal) {
        this.records = records;
        this.metadata = metadata;
        this.clock = clock;
        this.profiles = new ProfileStore(clock, signal);
        this.merges = new MergeService(identities, events, profiles, new ReferenceMoves(metadata, clock, signal), records,
                new AttributeMerge(metadata, records, settings), clock);
        this.rules = new RuleEvaluator();
        var resolver = new Resolver(identities, profiles, records, merges);
        this.ingestion = new Ingestion(settings, eventTypes, events, resolver, new Aggregator(profiles, rules, clock), clock);
        this.orders = new OrderFeed(ingestion, records);
        this.timeline = new Timeline(events);
        this.privacy = new Privacy(identities, events, profiles, records, merges, clock);
    }

    /**
     * The tenant's database, after making sure its customer 360 indexes exist: created the first time this node
     * serves the tenant (every caller, API or builder, goes through here, so each node does it once per tenant).
     */
    public TenantDatabase ready(TenantDatabase db) {
        if (!indexed.contains(db.tenant().value())) {
            ensureIndexes(db);
            indexed.add(db.tenant().value());
        }
        return db;
    }

    /** Creates the tenant's customer 360 indexes (idempotent). */
    public void ensureIndexes(TenantDatabase db) {
        identities.ensureIndexes(db);
        events.ensureIndexes(db);
        merges.ensureIndexes(db);
    }

    public List<EventResult> track(TenantDatabase db, Quotas quotas, String actor, JsonNode events) {
        return ingestion.ingest(db, quotas, actor, events);
    }

    public List<OrderFeed.OrderResult> orders(TenantDatabase db, Quotas quotas, String actor, JsonNode orders) {
        return this.orders.ingest(db, quotas, actor, orders);
    }

    /**
     * The customer who owns an identity, for example {@code ("phone", "138 0013 8000")} (normalised first; a scoped
     * type takes {@code scope|value}); empty when nobody does or the type is unknown.
     */
    public java.util.Optional<String> findByIdentity(TenantDatabase db, String type, String value) {
        try {
            IdentityType t = settings.get(db).types().get(type);
            String scope = null;
            String raw = value;
            if (t.scoped() && value != null && value.contains("|")) {
                scope = value.substring(0, value.indexOf('|'));
                raw = value.substring(value.indexOf('|') + 1);
            }
            Identity identity = new Identity(type, scope, t.normalise(raw));
            return java.util.Optional.ofNullable(identities.owners(db, List.of(identity.key())).get(identity.key()));
        } catch (QuanyuException e) {
            return java.util.Optional.empty();
        }
    }

    /** The tenant's identity types, to read and normalise identities as events carry them. */
    public IdentityTypes identityTypes(TenantDatabase db) {
        return settings.get(db).types();
    }

    /** The keys ({@link Identity#key()}) of the customer's identities. */
    public List<String> identityKeys(TenantDatabase db, String customer) {
        List<String> out = new ArrayList<>();
        for (Document d : identities.ofCustomer(db, customer)) {
            out.add(new Identity(d.getString("type"), d.getString("scope"), d.getString("value")).key());
        }
        return out;
    }

    /** The customers who own these identity keys, by key; keys nobody owns are left out. */
    public Map<String, String> owners(TenantDatabase db, java.util.Collection<String> keys) {
        return identities.owners(db, keys);
    }

    /** Applies events a crash left unapplied (stored at least 30 s ago); returns how many. */
    public int sweep(TenantDatabase db, int limit) {
        return sweep(db, limit, java.time.Duration.ofSeconds(30));
    }

    /** Applies events left unapplied that were stored at least {@code minAge} ago; returns how many. */
    public int sweep(TenantDatabase db, int limit, java.time.Duration minAge) {
        return ingestion.sweep(db, limit, minAge);
    }

    /**
     * The whole profile: record, identities, aggregates, scores, the facts plugins keep ({@code plugins.<id>.<fact>},
     * as segments read them), tags, stage with history, merges and suggestions.
     */
    public ObjectNode profile(TenantDatabase db, String customer) {
        ProfileState state = state(db, customer);
        Customer360Settings s = settings.get(db);
        refreshRules(db, state, s);
        ObjectNode out = JSON.createObjectNode();
        out.put("id", customer);
        out.set("record", records.get(db, "customer", customer, false));
        out.put("anonymous", state.anonymous);
        out.set("identities", identitiesOf(db, customer));
        ObjectNode facts = ProfileFacts.of(state, s, clock.instant());
        out.set("aggregates", facts.get("aggregates"));
        out.set("scores", facts.get("scores"));
        out.set("plugins", facts.get("plugins"));
        out.set("tags", tags(state));
        out.put("stage", state.stage);
        ArrayNode history = out.putArray("stageHistory");
        state.stageHistory.forEach(h -> history.addObject().put("from", h.getString("from")).put("to", h.getString("to"))
                .put("at", h.getDate("at").toInstant().toString()));
        out.put("referredBy", state.referredBy);
        out.set("merges", views(merges.mergesOf(db, customer), "survivor", "merged", "status", "reason", "by", "at", "undoneAt"));
        out.set("suggestions", views(merges.suggestions(db, customer), "customers", "reason", "status", "at"));
        return out;
    }

    /**
     * A short view of several profiles at once, for lists: {@code stage}, {@code anonymous}, {@code lastSeen},
     * {@code tags} (names) and {@code scores} as in {@link #profile}; customers without a live profile are left out.
     * One read of the profiles, no rule refresh (the full profile does that).
     */
    public Map<String, ObjectNode> summaries(TenantDatabase db, java.util.Collection<String> customers) {
        Map<String, ObjectNode> out = new java.util.LinkedHashMap<>();
        if (customers.isEmpty()) {
            return out;
        }
        Customer360Settings s = settings.get(db);
        for (ProfileState state : profiles.findAll(db, customers).values()) {
            if (state.mergedInto != null) {
                continue;
            }
            ObjectNode facts = ProfileFacts.of(state, s, clock.instant());
            ObjectNode view = out.computeIfAbsent(state.id, id -> JSON.createObjectNode());
            view.put("stage", state.stage).put("anonymous", state.anonymous)
                    .put("lastSeen", facts.path("aggregates").path("lastSeen").asString(null));
            state.tags.keySet().forEach(view.putArray("tags")::add);
            view.set("scores", facts.get("scores"));
        }
        return out;
    }

    /** Documents as plain JSON: {@code id} first, then the named fields, dates as ISO-8601 text. */
    public static ArrayNode views(List<Document> docs, String... fields) {
        ArrayNode out = JSON.createArrayNode();
        for (Document d : docs) {
            ObjectNode view = out.addObject().put("id", d.getString("_id"));
            for (String f : fields) {
                Object v = d.get(f);
                if (v instanceof Date date) {
                    view.put(f, date.toInstant().toString());
                } else if (v != null) {
                    view.set(f, JSON.valueToTree(v));
                }
            }
        }
        return out;
    }

    /** Re-evaluates time-dependent rules (a stage like churn risk moves with the clock) and saves a change. */
    private void refreshRules(TenantDatabase db, ProfileState state, Customer360Settings settings) {
        String before = state.stage + state.tags.keySet();
        rules.forTenant(settings).evaluate(state, clock.instant());
        if (!before.equals(state.stage + state.tags.keySet())) {
            profiles.saveAll(db, List.of(state));
        }
    }

    private ProfileState state(TenantDatabase db, String customer) {
        ProfileState state = profiles.find(db, customer).orElseThrow(() ->
                new QuanyuException(ErrorCode.CUSTOMER_NOT_FOUND, Map.of("customer", customer)));
        if (state.mergedInto != null) {
            throw new QuanyuException(ErrorCode.CUSTOMER_MERGED, Map.of("customer", customer, "survivor", state.mergedInto));
        }
        return state;
    }

    private ArrayNode identitiesOf(TenantDatabase db, String customer) {
        ArrayNode out = JSON.createArrayNode();
        for (Document d : identities.ofCustomer(db, customer)) {
            out.addObject().put("type", d.getString("type")).put("scope", d.getString("scope")).put("value", d.getString("value"))
                    .put("firstSeen", d.getDate("firstSeen").toInstant().toString()).put("source", d.getString("source"));
        }
        return out;
    }

    private static ArrayNode tags(ProfileState state) {
        ArrayNode out = JSON.createArrayNode();
        state.tags.forEach((tag, info) -> out.addObject().put("tag", tag).put("source", info.getString("source"))
                .put("at", info.getDate("at") == null ? null : info.getDate("at").toInstant().toString()));
        return out;
    }

    /** The stored events among {@code ids} (those not stored, or erased, are left out), oldest first. */
    public List<TrackedEvent> events(TenantDatabase db, java.util.Collection<String> ids) {
        return events.byIds(db, ids);
    }

    public Timeline.Page timeline(TenantDatabase db, String customer, List<String> types, List<String> channels,
                                  int first, String after) {
        return timeline(db, customer, types, channels, null, null, first, after);
    }

    /** A page of the customer's events between {@code since} (inclusive) and {@code until} (exclusive), either null. */
    public Timeline.Page timeline(TenantDatabase db, String customer, List<String> types, List<String> channels,
                                  java.time.Instant since, java.time.Instant until, int first, String after) {
        state(db, customer);
        return timeline.page(db, customer, types, channels, since, until, first, after);
    }

    /**
     * The profile as the condition language sees it (see {@link ProfileFacts}), time-dependent rules brought up to
     * date first.
     */
    public ObjectNode facts(TenantDatabase db, String customer) {
        ProfileState state = state(db, customer);
        Customer360Settings s = settings.get(db);
        refreshRules(db, state, s);
        return ProfileFacts.of(state, s, clock.instant());
    }

    /**
     * The facts of a live profile as {@link #facts} gives them; empty when there is no such profile or it was merged
     * into another (its survivor's facts stand for it).
     */
    public java.util.Optional<Facts> liveFacts(TenantDatabase db, String customer) {
        return profiles.find(db, customer).filter(state -> state.mergedInto == null).map(state -> {
            Customer360Settings s = settings.get(db);
            refreshRules(db, state, s);
            ObjectNode facts = ProfileFacts.of(state, s, clock.instant());
            facts.set(RECORD, recordFacts(db, customer));
            return new Facts(state.id, state.version, facts);
        });
    }

    /**
     * The fact root of the customer record in {@link #liveFacts} and {@link #factsPages}: {@code record.<field>} is the
     * record's field as the object defines it ({@code record.city}, {@code record.timeZone}), so segments read every
     * field of the customer object, custom ones included. Profile rules (tags, stages) are evaluated while events are
     * applied, on the profile alone, and do not see it.
     */
    public static final String RECORD = "record";

    /** The customer record's fields, without the platform's ({@code _id}, {@code _version}, …); empty when it has none. */
    private ObjectNode recordFacts(TenantDatabase db, String customer) {
        return recordFacts(records.getAll(db, "customer", List.of(customer)).get(customer));
    }

    private static ObjectNode recordFacts(ObjectNode record) {
        return record == null ? JSON.createObjectNode() : withoutPlatformFields(record);
    }

    private static ObjectNode withoutPlatformFields(ObjectNode record) {
        for (String name : List.copyOf(record.propertyNames())) {
            if (name.startsWith("_")) {
                record.remove(name);
            }
        }
        return record;
    }

    /** The customer object's fields that a caller with these roles may not read (a rule must not read them either). */
    public java.util.Set<String> unreadableRecordFields(TenantDatabase db, java.util.Collection<String> roles) {
        java.util.Set<String> out = new java.util.HashSet<>();
        metadata.get(db, "customer").type().fields().stream().filter(f -> !f.readableBy(roles)).forEach(f -> out.add(f.apiName()));
        return out;
    }

    /**
     * A live profile's facts as the condition language sees them, with the profile's version when they were read
     * (every save of a profile adds one), so a reader can tell newer facts from older.
     */
    public record Facts(String customer, long version, ObjectNode facts) {
    }

    /**
     * Live profiles' facts as {@link #liveFacts} gives them, in customer id order after {@code after} ({@code null}: from
     * the first), page after page from one read (a segment's backfill, a rule's estimate): hands each page of at most
     * {@code size} to {@code page} until it answers false or no profile is left; answers whether profiles may follow
     * (false once all were handed over). Time-dependent rules are brought up to date in the facts but not saved (the
     * profile's next write or read saves them).
     */
    public boolean factsPages(TenantDatabase db, String after, int size, java.util.function.Predicate<List<Facts>> page) {
        Customer360Settings s = settings.get(db);
        var evaluator = rules.forTenant(s);
        try (var cursor = profiles.live(db, after)) {
            List<ProfileState> states = new java.util.ArrayList<>(size);
            while (cursor.hasNext()) {
                states.add(cursor.next());
                if (states.size() == size) {
                    if (!page.test(factsOf(db, states, s, evaluator))) {
                        return true;
                    }
                    states.clear();
                }
            }
            if (!states.isEmpty()) {
                page.test(factsOf(db, states, s, evaluator));
            }
            return false;
        }
    }

    /** A page's facts, the customer records read at once. */
    private List<Facts> factsOf(TenantDatabase db, List<ProfileState> states, Customer360Settings s, RuleEvaluator.Evaluator evaluator) {
        Map<String, ObjectNode> records = this.records.getAll(db, "customer", states.stream().map(st -> st.id).toList());
        List<Facts> out = new java.util.ArrayList<>(states.size());
        Instant now = clock.instant();
        for (ProfileState state : states) {
            evaluator.evaluate(state, now);
            ObjectNode facts = ProfileFacts.of(state, s, now);
            facts.set(RECORD, recordFacts(records.get(state.id)));
            out.add(new Facts(state.id, state.version, facts));
        }
        return out;
    }

    /** How many live profiles (not merged into another) the tenant has. */
    public long liveProfiles(TenantDatabase db) {
        return profiles.countLive(db);
    }

    /** Whether the profile matches a rule of the condition language, and why ({@code REQUEST_VALIDATION_FAILED} for a bad rule). */
    public io.quanyu.conditions.Verdict matches(TenantDatabase db, String customer, tools.jackson.databind.JsonNode rule) {
        return matches(db, customer, rule, null);
    }

    /** As {@link #matches(TenantDatabase, String, tools.jackson.databind.JsonNode)}, with {@code event} (when given) at the facts' {@code event}. */
    public io.quanyu.conditions.Verdict matches(TenantDatabase db, String customer, tools.jackson.databind.JsonNode rule,
                                                tools.jackson.databind.@org.jspecify.annotations.Nullable JsonNode event) {
        io.quanyu.conditions.Condition condition = io.quanyu.conditions.Conditions.parse(rule);
        ObjectNode facts = facts(db, customer);
        if (event != null) {
            facts.set("event", event);
        }
        java.time.Instant now = clock.instant();
        loadBehavior(db, customer, condition.behaviors(), facts, now);
        return condition.explain(facts, now);
    }

    /**
     * Puts into the facts ({@code behavior.<key>}) the customer's events that each behaviour condition reads: of its
     * type, inside its window at {@code now}, passing its {@code where} rule, newest first, at most
     * {@link io.quanyu.conditions.Behavior#MAX_EVENTS}; conditions over the same events share one read.
     */
    public void loadBehavior(TenantDatabase db, String customer, java.util.Collection<io.quanyu.conditions.Behavior> behaviors,
                             ObjectNode facts, java.time.Instant now) {
        loadBehavior(db, Map.of(customer, facts), behaviors, now);
    }

    /**
     * {@link #loadBehavior(TenantDatabase, String, java.util.Collection, ObjectNode, java.time.Instant)} for many
     * customers at once (a run of events, a backfill page): one read per event type for all of them.
     */
    public void loadBehavior(TenantDatabase db, Map<String, ObjectNode> factsByCustomer,
                             java.util.Collection<io.quanyu.conditions.Behavior> behaviors, java.time.Instant now) {
        behaviorFacts.load(db, factsByCustomer, behaviors, now);
    }

    /** Changes a plugin's facts on the profile (see {@link PluginFacts}); a {@code FactsChanged} event follows. */
    public void putFacts(TenantDatabase db, String customer, String plugin, Map<String, ?> changes) {
        change(db, customer, state -> PluginFacts.put(state.facts, plugin, changes));
    }

    /** Adds or removes a manual tag. */
    public void tag(TenantDatabase db, String customer, String tag, boolean add, String actor) {
        tag(db, customer, tag, add, actor, "manual");
    }

    /** Adds or removes a tag set by {@code source} ({@code manual}, {@code plugin:<id>}). */
    public void tag(TenantDatabase db, String customer, String tag, boolean add, String actor, String source) {
        Tagging one = add ? new Tagging(customer, List.of(tag), List.of()) : new Tagging(customer, List.of(), List.of(tag));
        QuanyuException refused = tagAll(db, List.of(one), actor, source).get(customer);
        if (refused != null) {
            throw refused;
        }
    }

    /** Tags to add to a customer and tags to remove ({@link #tagAll}). */
    public record Tagging(String customer, List<String> add, List<String> remove) {
        public Tagging {
            add.forEach(io.quanyu.conditions.PluginFactValues::tag);
            remove.forEach(io.quanyu.conditions.PluginFactValues::tag);
            add = List.copyOf(add);
            remove = List.copyOf(remove);
        }
    }

    /**
     * Sets the tags of many customers in one read and one write of their profiles (each as {@link #tag} sets one; a
     * customer named twice gets both); answers, by customer, why the store refused the ones it refused (gone, merged
     * away), the others being saved.
     */
    public Map<String, QuanyuException> tagAll(TenantDatabase db, List<Tagging> taggings, String actor, String source) {
        Map<String, List<java.util.function.Consumer<ProfileState>>> changes = new java.util.LinkedHashMap<>();
        for (Tagging t : taggings) {
            changes.computeIfAbsent(t.customer(), c -> new ArrayList<>()).add(state -> {
                t.add().forEach(tag -> state.tags.put(tag, new Document("source", source).append("by", actor)
                        .append("at", new Date(clock.millis()))));
                t.remove().forEach(tag -> {
                    if (state.tags.remove(tag) != null) {
                        state.untaggedBy.put(tag, source);
                    }
                });
            });
        }
        return changeAll(db, changes);
    }

    private void change(TenantDatabase db, String customer, java.util.function.Consumer<ProfileState> change) {
        QuanyuException refused = changeAll(db, Map.of(customer, List.of(change))).get(customer);
        if (refused != null) {
            throw refused;
        }
    }

    /**
     * Applies each customer's changes to their live profile and saves them together, those another writer saved first
     * again on a fresh read; answers the customers refused (not found, merged away) and why.
     */
    private Map<String, QuanyuException> changeAll(TenantDatabase db, Map<String, List<java.util.function.Consumer<ProfileState>>> changes) {
        Map<String, QuanyuException> refused = new java.util.LinkedHashMap<>();
        java.util.Collection<String> pending = changes.keySet();
        for (int attempt = 0; attempt < 10; attempt++) {
            Map<String, ProfileState> found = profiles.findAll(db, pending);
            List<ProfileState> states = new ArrayList<>();
            for (String customer : pending) {
                ProfileState state = found.get(customer);
                if (state == null) {
                    refused.put(customer, new QuanyuException(ErrorCode.CUSTOMER_NOT_FOUND, Map.of("customer", customer)));
                } else if (state.mergedInto != null) {
                    refused.put(customer, new QuanyuException(ErrorCode.CUSTOMER_MERGED, Map.of("customer", customer,
                            "survivor", state.mergedInto)));
                } else {
                    changes.get(customer).forEach(change -> change.accept(state));
                    states.add(state);
                }
            }
            pending = profiles.saveAll(db, states);
            if (pending.isEmpty()) {
                return refused;
            }
        }
        throw new IllegalStateException("the profiles kept changing");
    }

    public MergeService merges() {
        return merges;
    }

    public Privacy privacy() {
        return privacy;
    }

    public EventTypes eventTypes() {
        return eventTypes;
    }

    public Customer360Settings settings(TenantDatabase db) {
        return settings.get(db);
    }

    /** Replaces the tenant's settings after checking them (every problem at its pointer). */
    public void settings(TenantDatabase db, Customer360Settings changed) {
        SettingsCheck.check(changed);
        settings.put(db, changed);
    }
}
