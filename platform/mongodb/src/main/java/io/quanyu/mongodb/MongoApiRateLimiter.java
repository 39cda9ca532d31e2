package io.quanyu.mongodb;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.quanyu.core.ratelimit.ApiRateLimiter;
import io.quanyu.core.ratelimit.RateDecision;
import io.quanyu.core.tenant.TenantId;
import org.bson.Document;

import java.time.Clock;
import java.util.Date;
import java.util.concurrent.TimeUnit;

/**
 * Fixed one-minute windows counted in MongoDB, so every server node sees the same count: one atomic upsert-and-
 * increment per call on the document {@code <tenant>:<minute>}. Old windows expire through a TTL index (and are
 * deleted when a tenant's next window opens, for stores without TTL support).
 */
public final class MongoApiRateLimiter implements ApiRateLimiter {
    private static final FindOneAndUpdateOptions UPSERT =
            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);

    private final MongoCollection<Document> windows;
    private final Clock clock;

    public MongoApiRateLimiter(MongoDatabase platformDatabase, Clock clock) {
        this.windows = platformDatabase.getCollection("api_usage");
        this.clock = clock;
        windows.createIndex(Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
    }

    @Override
    public RateDecision acquire(TenantId tenant, int limitPerMinute) {
        long epochSecond = clock.instant().getEpochSecond();
        long minute = epochSecond / 60;
        long count = increment(tenant, minute);
        if (count == 1) {
            windows.deleteMany(Filters.and(Filters.eq("tenant", tenant.value()), Filters.lt("minute", minute)));
        }
        if (count <= limitPerMinute) {
            return new RateDecision(true, count, 0);
        }
        return new RateDecision(false, count, Math.max(1, 60 - epochSecond % 60));
    }

    private long increment(TenantId tenant, long minute) {
        var id = tenant.value() + ":" + minute;
        var update = Updates.combine(Updates.inc("count", 1L), Updates.setOnInsert("tenant", tenant.value()),
                Updates.setOnInsert("minute", minute), Updates.setOnInsert("expiresAt", new Date((minute + 2) * 60_000)));
        try {
            return windows.findOneAndUpdate(Filters.eq("_id", id), update, UPSERT).get("count", Number.class).longValue();
        } catch (MongoWriteException | MongoCommandException e) {
            // two first calls of a window raced on the upsert; the document exists now
            return windows.findOneAndUpdate(Filters.eq("_id", id), Updates.inc("count", 1L), UPSERT)
                    .get("count", Number.class).longValue();
        }
    }

    /** Calls counted for the tenant in the current window. */
    public long used(TenantId tenant) {
        long minute = clock.instant().getEpochSecond() / 60;
        var doc = windows.find(Filters.eq("_id", tenant.value() + ":" + minute)).first();
        return doc == null ? 0 : doc.get("count", Number.class).longValue();
    }
}
