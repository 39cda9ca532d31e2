package io.quanyu.messaging;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.quanyu.messaging.ChannelDirectory.Address;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Consent per channel and address ({@code msg_consent}): kept on the address, not the profile, so it follows the
 * address through merges and unmerges, and an unsubscribe link or a bounce (which know only the address) sets it.
 * Marketing sends need it not withdrawn (or granted, on the tenant's opt-in channels); an undeliverable address
 * takes no message at all.
 */
public final class Consents {
    static final String COLLECTION = "msg_consent";

    /** Whether the address may take marketing messages ({@code GRANTED}), not ({@code WITHDRAWN}), or none at all. */
    public enum State {
        GRANTED, WITHDRAWN, UNDELIVERABLE;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What is recorded for an address on a channel, when and by what ({@code report:<sendId>}, a user, a plugin). */
    public record Consent(String channel, Address address, State state, Instant at, String source, String customerId) {
    }

    Optional<Consent> find(TenantDatabase db, String channel, Address address) {
        return Optional.ofNullable(collection(db).find(Filters.eq("_id", id(channel, address))).first()).map(Consents::consent);
    }

    void record(TenantDatabase db, String channel, Address address, State state, String source, String customerId, Instant at) {
        Document doc = new Document("_id", id(channel, address)).append("channel", channel).append("type", address.type())
                .append("scope", address.scope()).append("value", address.value()).append("state", state.label())
                .append("source", source).append("customerId", customerId).append("at", Date.from(at));
        collection(db).replaceOne(Filters.eq("_id", doc.getString("_id")), doc, new ReplaceOptions().upsert(true));
    }

    /** What is recorded for these (channel, address) pairs, by key lookups (a customer's addresses on each channel). */
    List<Consent> of(TenantDatabase db, List<java.util.Map.Entry<String, Address>> pairs) {
        List<Consent> out = new ArrayList<>();
        if (pairs.isEmpty()) {
            return out;
        }
        List<String> ids = pairs.stream().map(p -> id(p.getKey(), p.getValue())).toList();
        collection(db).find(Filters.in("_id", ids)).sort(Sorts.ascending("_id")).forEach(d -> out.add(consent(d)));
        return out;
    }

    private static String id(String channel, Address a) {
        return channel + "|" + a.type() + "|" + (a.scope() == null ? "" : a.scope()) + "|" + a.value();
    }

    private static Consent consent(Document d) {
        return new Consent(d.getString("channel"), new Address(d.getString("type"), d.getString("scope"), d.getString("value")),
                State.valueOf(d.getString("state").toUpperCase(java.util.Locale.ROOT)), d.getDate("at").toInstant(),
                d.getString("source"), d.getString("customerId"));
    }

    private static MongoCollection<Document> collection(TenantDatabase db) {
        return db.collection(COLLECTION);
    }
}
