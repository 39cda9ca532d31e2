package io.quanyu.journeys;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;
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
    static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private final MongoTenantDatabases databases;
    private final JourneyEngine engine;
    private final Clock clock;

    public Journeys(MongoTenantDatabases databases, JourneyEngine engine, Clock clock) {
        this.databases = databases;
        this.engine = engine;
        this.clock = clock;
    }

    private TenantDatabase db(CallContext call, TenantAccess access) {
        return databases.forCall(call.require(access));
    }

    public List<Journey> list(CallContext call) {
        return engine.store.list(db(call, TenantAccess.READ));
    }

    public Journey get(CallContext call, String key) {
        return engine.store.find(db(call, TenantAccess.READ), key).orElseThrow(() -> JourneyStore.notFound(key));
    }

    /** Saves the draft of a journey (created on its first save); every mistake is reported at once, nothing kept. */
    public Journey put(CallContext call, String key, JsonNode draft) {
        TenantDatabase db = db(call, TenantAccess.CHANGE_MODEL);
        if (key == null || !KEY.matcher(key).matches()) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/key", "pattern", "must match " + KEY.pattern())));
        }
        return engine.store.put(db, key, draft, call.actor(), clock.instant());
    }

    /**
     * Publishes the draft as the next version, which takes new entries from now on; customers already in go on on
     * the version they entered (drain).
     */
    public Journey publish(CallContext call, String key) {
        Journey journey = engine.store.publish(db(call, TenantAccess.CHANGE_MODEL), key, call.actor(), call.roleNames(),
                clock.instant());
        engine.forget(call.tenant());
        return journey;
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
        Journey journey = engine.store.status(db(call, TenantAccess.CHANGE_MODEL), key, status, call.actor(), clock.instant());
        engine.forget(call.tenant());
        return journey;
    }

    /** Per node, how many customers are at it now, by state (active, waiting) or, at the end, outcome. */
    public Map<String, Map<String, Long>> counts(CallContext call, String key) {
        TenantDatabase db = db(call, TenantAccess.READ);
        engine.store.find(db, key).orElseThrow(() -> JourneyStore.notFound(key));
        return engine.enrollments.counts(db, key);
    }

    /** The customer's enrollments, one per journey (its latest run). */
    public List<Enrollment> ofCustomer(CallContext call, String customer) {
        return engine.enrollments.ofCustomer(db(call, TenantAccess.READ), customer);
    }

    /** The steps the customer took in the journey, run by run: node, when, what was decided and what its effect answered. */
    public List<Document> path(CallContext call, String key, String customer) {
        return engine.enrollments.path(db(call, TenantAccess.READ), key, customer);
    }
}
