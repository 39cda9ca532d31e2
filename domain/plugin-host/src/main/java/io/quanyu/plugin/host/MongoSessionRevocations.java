package io.quanyu.plugin.host;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.plugin.runtime.SessionTokens;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * When each customer's sessions were last revoked, in the tenant's {@code customer_sessions} (one small document
 * per customer that ever logged out everywhere): one read by id per verified session.
 */
public final class MongoSessionRevocations implements SessionTokens.Revocations {
    static final String COLLECTION = "customer_sessions";
    private final TenantAccess tenants;

    public MongoSessionRevocations(TenantAccess tenants) {
        this.tenants = tenants;
    }

    @Override
    public Optional<Instant> revokedAt(TenantId tenant, String customerId) {
        Document doc = tenants.open(tenant).db().collection(COLLECTION).find(Filters.eq("_id", customerId)).first();
        return Optional.ofNullable(doc).map(d -> d.getDate("revokedAt").toInstant());
    }

    @Override
    public void revoke(TenantId tenant, String customerId, Instant at) {
        tenants.open(tenant).db().collection(COLLECTION).updateOne(Filters.eq("_id", customerId),
                Updates.max("revokedAt", Date.from(at)), new UpdateOptions().upsert(true));
    }
}
