package io.quanyu.journeys;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The guarded service of journeys that every surface calls: journeys are read by every tenant user and changed
 * (saved, published, stopped) by administrators and builders; a published version runs with its publisher's roles.
 */
public final class Journeys {
    /** What a test run's key adds to its journey's ({@link #testKey}). */
    private static final String TEST_SUFFIX = "~test";
    public static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private final MongoTenantDatabases databases;
    private final JourneyEngine engine;
    private final io.quanyu.messaging.Messaging messaging;
    private final Clock clock;

    public Journeys(MongoTenantDatabases databases, JourneyEngine engine, io.quanyu.messaging.Messaging messaging, Clock clock) {
        this.databases = databases;
        this.engine = engine;
        this.messaging = messaging;
        this.clock = clock;
    }

    private TenantDatabase db(CallContext call, TenantAccess access) {
        return engine.ready(databases.forCall(call.require(access)));
    }

    /** The tenant's journeys (test-mode runs of drafts left out). */
    public List<Journey> list(CallContext call) {
        return engine.store.list(db(call, TenantAccess.READ)).stream().filter(j -> !j.key().endsWith(TEST_SUFFIX)).toList();
    }

    public Journey get(CallContext call, String key) {
        return engine.store.find(db(call, TenantAccess.READ), key).orElseThrow(() -> JourneyStore.notFound(key));
    }

    /** Saves the draft of a journey (created on its first save); every mistake is reported at once, nothing kept. */
    public Journey put(CallContext call, String key, JsonNode draft) {
        return put(call, key, draft, null);
    }

    /**
     * Saves the draft over the {@code revision} its editor read ({@link Journey#revision}; 0 to create it), so that two
     * editors cannot overwrite each other unknowingly: {@code VERSION_CONFLICT} with the current revision otherwise.
     * Without one, the last save wins.
     */
    public Journey put(CallContext call, String key, JsonNode draft, @Nullable Long revision) {
        TenantDatabase db = db(call, TenantAccess.CHANGE_MODEL);
        if (key == null || !KEY.matcher(key).matches()) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/key", "pattern", "must match " + KEY.pattern())));
        }
        return engine.store.put(db, key, draft, revision, call.actor(), clock.instant());
    }

    /**
     * Publishes the draft as the next version, which takes new entries from now on; customers already in go on on
     * the version they entered (drain).
     */
    public Journey publish(CallContext call, String key) {
        return publish(call, key, null).journey();
    }

    /** A publication: the journey as published, and what it did to the customers in older versions. */
    public record Published(Journey journey, Migration.Plan migration) {
    }

    /**
     * What publishing the draft with these options ({@link Migration#parse}: drain, migrate with a node mapping, or
     * stop) would do now: per older version and node, how many customers stay, move where, or exit. Refuses, as
     * publishing would, a draft naming what does not exist and a mapping that leaves a node holding customers unmapped.
     */
    public Migration.Plan preview(CallContext call, String key, @Nullable JsonNode options) {
        ownKey(key);
        TenantDatabase db = db(call, TenantAccess.CHANGE_MODEL);
        Journey journey = engine.store.find(db, key).orElseThrow(() -> JourneyStore.notFound(key));
        return plan(call, db, journey, options);
    }

    /** The plan of publishing the journey's draft with these options; refused with every mistake of draft and options. */
    private Migration.Plan plan(CallContext call, TenantDatabase db, Journey journey, @Nullable JsonNode options) {
        Definition next = Definition.parse(journey.draft());
        List<FieldViolation> violations = new java.util.ArrayList<>(references(call, next));
        Migration migration = Migration.read(options, violations);
        long version = journey.published() + 1;
        List<Migration.Plan.Row> rows = engine.enrollments.before(db, journey.key(), version, migration);
        migration.check(next, rows, violations);
        if (!violations.isEmpty()) {
            throw QuanyuException.invalid(violations);
        }
        return new Migration.Plan(journey.key(), version, migration.mode(), rows);
    }

    /**
     * Publishes the draft as the next version, which takes new entries from now on, and then applies the migration to
     * the customers in older versions (checked first, as {@link #preview} checks it: nothing is published when it is
     * refused). Answers what it did, counted as the preview counts.
     */
    public Published publish(CallContext call, String key, @Nullable JsonNode options) {
        ownKey(key);
        TenantDatabase db = db(call, TenantAccess.CHANGE_MODEL);
        Journey draft = engine.store.find(db, key).orElseThrow(() -> JourneyStore.notFound(key));
        plan(call, db, draft, options);
        Migration migration = Migration.parse(options);
        Journey journey = engine.store.publish(db, key, call.actor(), call.roleNames(), clock.instant());
        engine.forget(call.tenant());
        engine.scheduleEntries(db, key, journey.published());
        return new Published(journey, engine.migrate(db, key, journey.published(), migration));
    }

    /**
     * What makes publishing a journey refused: naming what does not exist, the segment it enters on, a send's template,
     * a field an update sets on the customer's record, a plugin's action or trigger (each at its pointer, code
     * {@code reference}), a plugin's parameters that do not fit its schema, and a webhook URL that can never be reached
     * ({@code https}, {@code blocked}). A channel may be connected later: the delivery service skips one that is not,
     * with its reason, and falls back.
     */
    private List<FieldViolation> references(CallContext call, Definition d) {
        List<FieldViolation> missing = new java.util.ArrayList<>();
        if (d.entry().segment() != null) {
            try {
                engine.segments().get(call, d.entry().segment());
            } catch (QuanyuException e) {
                missing.add(new FieldViolation("/entry/segment", "reference", "there is no segment " + d.entry().segment()));
            }
        }
        Definition.Schedule schedule = d.entry().schedule();
        if (schedule != null && schedule.date() != null) {
            String field = schedule.date().field();
            var type = engine.records().object(call, "customer").type().field(field).map(f -> f.type()).orElse(null);
            if (type != io.quanyu.objects.model.FieldType.DATE) {
                missing.add(new FieldViolation("/entry/date/field", "reference", type == null
                        ? "the customer object has no field " + field : "field " + field + " is not a date field"));
            }
        } else if (schedule != null) {
            try {
                engine.segments().get(call, schedule.segment());
            } catch (QuanyuException e) {
                missing.add(new FieldViolation("/entry/schedule/segment", "reference", "there is no segment " + schedule.segment()));
            }
            if (schedule.first(clock.instant()).isEmpty()) {
                missing.add(new FieldViolation(schedule.every() == null ? "/entry/schedule/at" : "/entry/schedule/until", "past",
                        "the schedule has no occurrence left"));
            }
        }
        Definition.PluginTrigger trigger = d.entry().trigger();
        if (trigger != null) {
            missing.addAll(pluginParameters(engine.plugins().trigger(call.tenant(), trigger.plugin(), trigger.name()),
                    trigger.parameters(), "/entry/trigger", "trigger", trigger.plugin() + "/" + trigger.name()));
        }
        var customerType = d.nodes().values().stream().anyMatch(n -> n instanceof Node.Update)
                ? engine.records().object(call, "customer").type() : null;
        for (Node node : d.nodes().values()) {
            if (node instanceof Node.Update update) {
                update.fields().propertyNames().forEach(field -> {
                    if (customerType.field(field).isEmpty()) {
                        missing.add(new FieldViolation("/nodes/" + update.id() + "/fields/" + field, "reference",
                                "the customer object has no field " + field));
                    }
                });
            }
            if (node instanceof Node.Action action && action.plugin() != null && action.action() != null) {
                missing.addAll(pluginParameters(engine.plugins().action(call.tenant(), action.plugin(), action.action()),
                        action.parameters(), "/nodes/" + action.id(), "action", action.plugin() + "/" + action.action()));
            }
            if (node instanceof Node.Webhook hook && hook.url() != null) {
                engine.webhooks().refused(hook.url(), "/nodes/" + hook.id() + "/url").ifPresent(missing::add);
            }
            if (node instanceof Node.Send send) {
                try {
                    messaging.template(call, send.template());
                } catch (QuanyuException e) {
                    missing.add(new FieldViolation("/nodes/" + send.id() + "/template", "reference",
                            "there is no message template " + send.template()));
                }
            }
        }
        return missing;
    }

    /**
     * A plugin's action or trigger named at {@code at}: offered to the tenant (an enabled plugin declares it, else
     * {@code reference}), and its parameters valid against the schema the plugin declares (each problem at its pointer
     * under {@code at/parameters}).
     */
    private static List<FieldViolation> pluginParameters(java.util.Optional<JourneyPlugins.Offered> offered,
                                                         tools.jackson.databind.node.ObjectNode parameters, String at,
                                                         String kind, String name) {
        if (offered.isEmpty()) {
            return List.of(new FieldViolation(at, "reference", "no enabled plugin offers the " + kind + " " + name));
        }
        return io.quanyu.objects.schema.JsonSchemas.violations(
                io.quanyu.objects.schema.JsonSchemas.compile(offered.get().parameters()), parameters, at + "/parameters");
    }

    /**
     * The tenant's secret that signs its journeys' webhooks ({@code whsec_...}, Standard Webhooks' form), made the first
     * time it is asked for; tenant admins only.
     */
    public String webhookSecret(CallContext call) {
        return JourneySettings.webhookSecret(db(call, TenantAccess.ADMINISTER));
    }

    /** A new webhook secret for the tenant, replacing the old one at once; tenant admins only. */
    public String rotateWebhookSecret(CallContext call) {
        return JourneySettings.rotateWebhookSecret(db(call, TenantAccess.ADMINISTER), call.actor(), clock.instant());
    }

    /**
     * The actions and triggers the tenant's enabled plugins offer to journeys (the canvas's palette and pickers), with
     * each one's parameter schema.
     */
    public Map<String, List<JourneyPlugins.Offered>> pluginSteps(CallContext call) {
        call.require(TenantAccess.READ);
        return Map.of("actions", engine.plugins().actions(call.tenant()), "triggers", engine.plugins().triggers(call.tenant()));
    }

    /**
     * Enters a customer into a live journey whose entry is an API call ({@code {"api": true}}), under its re-entry
     * policy, and runs them to their first rest before answering: the enrollment as left. Refused
     * ({@code JOURNEY_ENTRY_REFUSED}, with the reason) for a journey stopped or entered otherwise, a customer in it
     * now, or one its re-entry policy keeps out; {@code CUSTOMER_NOT_FOUND} for an unknown (or merged, erased) customer.
     */
    public Enrollment enter(CallContext call, String key, String customer) {
        ownKey(key);
        TenantDatabase db = db(call, TenantAccess.WRITE_DATA);
        Journey journey = engine.store.find(db, key).orElseThrow(() -> JourneyStore.notFound(key));
        if (journey.published() == 0) {
            throw new QuanyuException(io.quanyu.core.error.ErrorCode.JOURNEY_NOT_PUBLISHED, Map.of("journey", key));
        }
        JourneyEngine.Live live = new JourneyEngine.Live(key, journey.status(), engine.version(db, key, journey.published()));
        if (!Journey.LIVE.equals(journey.status())) {
            throw refusedEntry(key, customer, "the journey is stopped");
        }
        if (!live.version().definition().entry().api()) {
            throw refusedEntry(key, customer, "its customers enter on an event or a segment, not by an API call");
        }
        requireCustomer(db, customer);
        return engine.enter(db, live, customer).orElseThrow(() -> refusedEntry(key, customer,
                engine.enrollments.find(db, key, customer).filter(e -> !Enrollment.DONE.equals(e.state())).isPresent()
                        ? "they are in it now" : "its re-entry policy keeps them out for now"));
    }

    /** A journey's own key (not a test run's, {@link #testKey}, which only test mode publishes and enters), else not found. */
    private static void ownKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw JourneyStore.notFound(key);
        }
    }

    /** The key under which a journey's draft runs in test mode ({@link #test}). */
    public static String testKey(String key) {
        return key + TEST_SUFFIX;
    }

    /**
     * Test mode: runs the journey's draft (checked and its references too, as publishing would) for one customer, with
     * every wait and timeout divided by {@code speed} (1 to 86,400; at least a second each), entered at once whatever
     * its entry says; a test of the same journey still under way for that customer is ended first (reason
     * {@code test-restarted}). Its actions are real (the tester uses their own profile): sends, tags and updates are
     * made as the tester may. It runs as the journey {@link #testKey}, whose path and counts read as any journey's and
     * which lists leave out. Answers the enrollment after its first steps.
     */
    public Enrollment test(CallContext call, String key, String customer, int speed) {
        ownKey(key);
        TenantDatabase db = db(call, TenantAccess.CHANGE_MODEL);
        Journey journey = engine.store.find(db, key).orElseThrow(() -> JourneyStore.notFound(key));
        if (speed < 1 || speed > 86_400) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/speed", "range", "is a whole number from 1 to 86400")));
        }
        Definition definition = Definition.parse(journey.draft());
        List<FieldViolation> missing = references(call, definition);
        if (!missing.isEmpty()) {
            throw QuanyuException.invalid(missing);
        }
        requireCustomer(db, customer);
        String test = testKey(key);
        engine.enrollments.find(db, test, customer).filter(e -> !Enrollment.DONE.equals(e.state()))
                .ifPresent(e -> engine.enrollments.finish(db, e, e.node(), "exited", "test-restarted", clock.instant()));
        engine.store.put(db, test, compressed(journey.draft(), speed), null, call.actor(), clock.instant());
        Journey published = engine.store.publish(db, test, call.actor(), call.roleNames(), clock.instant());
        engine.forget(call.tenant());
        JourneyEngine.Live live = new JourneyEngine.Live(test, Journey.LIVE, engine.version(db, test, published.published()));
        return engine.enter(db, live, customer).orElseThrow(() -> refusedEntry(test, customer, "they are in its test now"));
    }

    /** The draft as test mode runs it: entered by API call, always again, its waits and timeouts divided by {@code speed}. */
    static JsonNode compressed(JsonNode draft, int speed) {
        tools.jackson.databind.node.ObjectNode out = (tools.jackson.databind.node.ObjectNode) draft.deepCopy();
        out.putObject("entry").put("api", true);
        out.put("reentry", "always");
        out.path("nodes").forEach(node -> {
            if (node instanceof tools.jackson.databind.node.ObjectNode n) {
                for (String name : List.of("duration", "timeout")) {
                    if (n.path(name).isString()) {
                        java.time.Duration d = java.time.Duration.parse(n.get(name).asString()).dividedBy(speed);
                        n.put(name, (d.compareTo(java.time.Duration.ofSeconds(1)) < 0 ? java.time.Duration.ofSeconds(1) : d).toString());
                    }
                }
            }
        });
        return out;
    }

    /** {@code CUSTOMER_NOT_FOUND} unless the customer has a live profile (not merged away, not erased). */
    private void requireCustomer(TenantDatabase db, String customer) {
        if (customer == null || engine.customers().summaries(db, List.of(customer)).isEmpty()) {
            throw new QuanyuException(io.quanyu.core.error.ErrorCode.CUSTOMER_NOT_FOUND, Map.of("customer", String.valueOf(customer)));
        }
    }

    private static QuanyuException refusedEntry(String journey, String customer, String reason) {
        return new QuanyuException(io.quanyu.core.error.ErrorCode.JOURNEY_ENTRY_REFUSED,
                Map.of("journey", journey, "customer", String.valueOf(customer), "reason", reason));
    }

    /** The tenant's settings for all its journeys (the global holdout). */
    public JourneySettings settings(CallContext call) {
        return JourneySettings.read(db(call, TenantAccess.READ));
    }

    /** Changes the tenant's journey settings ({@link JourneySettings}); runs that begin after it follow them. */
    public JourneySettings putSettings(CallContext call, JsonNode settings) {
        JourneySettings saved = JourneySettings.write(db(call, TenantAccess.CHANGE_MODEL), settings, call.actor(), clock.instant());
        engine.forget(call.tenant());
        return saved;
    }

    /** Stops a journey: no new entries, and each enrollment ends ({@code stopped}) at its next step. */
    public Journey stop(CallContext call, String key) {
        return status(call, key, Journey.STOPPED);
    }

    /** Lets a stopped journey take entries again, on its published version. */
    public Journey start(CallContext call, String key) {
        return status(call, key, Journey.LIVE);
    }

    private Journey status(CallContext call, String key, String status) {
        TenantDatabase db = db(call, TenantAccess.CHANGE_MODEL);
        Journey journey = engine.store.status(db, key, status, call.actor(), clock.instant());
        engine.forget(call.tenant());
        if (Journey.LIVE.equals(status)) {
            engine.scheduleEntries(db, key, journey.published()); // the next occurrence's timer, set again if it was lost
        }
        return journey;
    }

    /** The most versions {@link #versions} answers. */
    public static final int MAX_VERSIONS = 100;

    /** The journey's published versions, newest first (at most {@link #MAX_VERSIONS}), each with its definition. */
    public List<JourneyVersion> versions(CallContext call, String key) {
        TenantDatabase db = db(call, TenantAccess.READ);
        engine.store.find(db, key).orElseThrow(() -> JourneyStore.notFound(key));
        return engine.store.history(db, key, MAX_VERSIONS);
    }

    /** Per node, how many customers are at it now, by state (active, waiting) or, at the end, outcome. */
    public Map<String, Map<String, Long>> counts(CallContext call, String key) {
        TenantDatabase db = db(call, TenantAccess.READ);
        engine.store.find(db, key).orElseThrow(() -> JourneyStore.notFound(key));
        return engine.enrollments.counts(db, key);
    }

    /** How long past its due time a wait, or since its last write a run, may be before it counts as stuck. */
    public static final java.time.Duration STUCK_AFTER = java.time.Duration.ofMinutes(5);

    /**
     * The journey's stuck enrollments: waiting more than {@link #STUCK_AFTER} past their due time, or running since
     * longer than the recovery delay and {@link #STUCK_AFTER} (the scheduler takes both up on its own; these it has not).
     */
    public List<Enrollment> stuck(CallContext call, String key, int limit) {
        TenantDatabase db = db(call, TenantAccess.READ);
        engine.store.find(db, key).orElseThrow(() -> JourneyStore.notFound(key));
        java.time.Instant now = clock.instant();
        return engine.enrollments.stuck(db, key, now.minus(STUCK_AFTER), now.minus(STUCK_AFTER).minus(JourneyEngine.RECOVER), limit);
    }

    /** Repairs the customer's enrollment in the journey: {@code retry}, {@code skip} (its wait) or {@code exit}. */
    public Enrollment repair(CallContext call, String key, String customer, String action) {
        TenantDatabase db = db(call, TenantAccess.CHANGE_MODEL);
        Enrollment e = engine.enrollments.find(db, key, customer).filter(x -> !Enrollment.DONE.equals(x.state()))
                .orElseThrow(() -> new QuanyuException(io.quanyu.core.error.ErrorCode.JOURNEY_REPAIR_REFUSED,
                        Map.of("customer", String.valueOf(customer), "reason", "it is not in journey " + key)));
        return engine.repair(db, e, action);
    }

    /**
     * The A/B tests of the journey's published version: per split, each arm's customers, conversions and rate, and
     * the winner if the rule has picked one.
     */
    public List<Map<String, Object>> experiments(CallContext call, String key) {
        TenantDatabase db = db(call, TenantAccess.READ);
        Journey journey = engine.store.find(db, key).orElseThrow(() -> JourneyStore.notFound(key));
        if (journey.published() == 0) {
            return List.of();
        }
        Definition d = engine.version(db, key, journey.published()).definition();
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (Node node : d.nodes().values()) {
            if (node instanceof Node.Split split) {
                List<Map<String, Object>> arms = new java.util.ArrayList<>();
                for (Experiments.Tally t : engine.experiments.tallies(db, key, journey.published(), split)) {
                    arms.add(Map.of("arm", t.arm(), "customers", t.customers(), "converted", t.converted(), "rate", t.rate(),
                            "holdout", t.holdout()));
                }
                Map<String, Object> view = new java.util.LinkedHashMap<>();
                view.put("node", split.id());
                view.put("version", journey.published());
                view.put("experiment", split.experiment() != null);
                view.put("winner", engine.experiments.decided(db, key, journey.published(), split.id()).orElse(null));
                view.put("arms", arms);
                out.add(view);
            }
        }
        return out;
    }

    /**
     * The customer's enrollments, one per journey (its latest run); test-mode runs of drafts left out, as the journeys
     * list leaves them out (their path reads under {@link #testKey}).
     */
    public List<Enrollment> ofCustomer(CallContext call, String customer) {
        return engine.enrollments.ofCustomer(db(call, TenantAccess.READ), customer).stream()
                .filter(e -> !e.journey().endsWith(TEST_SUFFIX)).toList();
    }

    /** The steps the customer took in the journey, run by run: node, when, what was decided and what its effect answered. */
    public List<Document> path(CallContext call, String key, String customer) {
        return engine.enrollments.path(db(call, TenantAccess.READ), key, customer);
    }
}
