package io.quanyu.journeys;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * A tenant's settings for all its journeys ({@value #COLLECTION}, one document).
 *
 * @param globalHoldoutPercent the share of customers (0 to 50 %) in the tenant's global holdout: chosen by a hash of
 *                             the tenant and the customer, so the same customers in every journey; decided when a run
 *                             begins (a change applies to runs that begin after it). A held-out run walks its journey
 *                             (waits, conditions, splits, exits, goals) and takes no action: each send, tag and update
 *                             step is recorded as skipped, and its splits are left out of the experiments' tallies, so
 *                             the holdout measures what the journeys bring.
 */
public record JourneySettings(int globalHoldoutPercent, @Nullable Instant updatedAt, @Nullable String updatedBy) {
    static final String COLLECTION = "journey_settings";
    static final JourneySettings DEFAULTS = new JourneySettings(0, null, null);
    private static final Set<String> FIELDS = Set.of("globalHoldoutPercent");
    private static final String WEBHOOK_SECRET = "webhook-secret";

    /** Whether the customer is in the global holdout. */
    boolean holds(String tenant, String customer) {
        return globalHoldoutPercent > 0 && JourneyEngine.bucket("global-holdout|" + tenant + "|" + customer) < globalHoldoutPercent;
    }

    static JourneySettings read(TenantDatabase db) {
        Document d = db.collection(COLLECTION).find(Filters.eq("_id", "settings")).first();
        if (d == null) {
            return DEFAULTS;
        }
        Date at = d.getDate("updatedAt");
        return new JourneySettings(d.get("globalHoldoutPercent", Number.class).intValue(), at == null ? null : at.toInstant(),
                d.getString("updatedBy"));
    }

    /**
     * The tenant's secret that signs its journeys' webhooks ({@code whsec_...}), made the first time it is asked for
     * (two nodes asking at once get the same one).
     */
    static String webhookSecret(TenantDatabase db) {
        Document found = db.collection(COLLECTION).find(Filters.eq("_id", WEBHOOK_SECRET)).first();
        if (found != null) {
            return found.getString("secret");
        }
        try {
            db.collection(COLLECTION).insertOne(new Document("_id", WEBHOOK_SECRET).append("secret", JourneyWebhooks.newSecret())
                    .append("createdAt", new Date()));
        } catch (com.mongodb.MongoWriteException e) {
            if (e.getError().getCategory() != com.mongodb.ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        return db.collection(COLLECTION).find(Filters.eq("_id", WEBHOOK_SECRET)).first().getString("secret");
    }

    /** Replaces the tenant's webhook secret with a new one; answers it. Webhooks sent from now on are signed with it. */
    static String rotateWebhookSecret(TenantDatabase db, String actor, Instant now) {
        String secret = JourneyWebhooks.newSecret();
        db.collection(COLLECTION).replaceOne(Filters.eq("_id", WEBHOOK_SECRET), new Document("_id", WEBHOOK_SECRET)
                .append("secret", secret).append("createdAt", Date.from(now)).append("rotatedBy", actor),
                new ReplaceOptions().upsert(true));
        return secret;
    }

    /** Checks and stores {@code {"globalHoldoutPercent": 0..50}}; every mistake at once, nothing kept of a bad one. */
    static JourneySettings write(TenantDatabase db, JsonNode json, String actor, Instant now) {
        List<FieldViolation> violations = new ArrayList<>();
        if (json == null || !json.isObject()) {
            throw QuanyuException.invalid(List.of(new FieldViolation("", "type", "must be an object {globalHoldoutPercent}")));
        }
        json.propertyNames().forEach(name -> {
            if (!FIELDS.contains(name)) {
                violations.add(new FieldViolation("/" + name, "unknown", "is not a journey setting"));
            }
        });
        JsonNode percent = json.get("globalHoldoutPercent");
        if (percent == null || !percent.isIntegralNumber() || percent.asInt() < 0 || percent.asInt() > 50) {
            violations.add(new FieldViolation("/globalHoldoutPercent", "range", "is a whole number from 0 to 50"));
        }
        if (!violations.isEmpty()) {
            throw QuanyuException.invalid(violations);
        }
        db.collection(COLLECTION).replaceOne(Filters.eq("_id", "settings"), new Document("_id", "settings")
                .append("globalHoldoutPercent", percent.asInt()).append("updatedAt", Date.from(now)).append("updatedBy", actor),
                new ReplaceOptions().upsert(true));
        return read(db);
    }
}
