package io.quanyu.messaging;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
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
 * takes no message at all. Every change is announced with a {@code ConsentChanged} domain event (keyed by the
 * customer) written with it, so segments and journeys can react.
 */
public final class Consents {
    /** Where consent lives; its documents carry {@code ConsentChanged} events for the event seam. */
    public static final String COLLECTION = "msg_consent";

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

    private final io.quanyu.outbox.OutboxSignal signal;

    Consents(io.quanyu.outbox.OutboxSignal signal) {
        this.signal = signal;
    }

    void record(TenantDatabase db, String channel, Address address, State state, String source, String customerId, Instant at) {
        String id = id(channel, address);
        Document event = io.quanyu.outbox.Outbox.entry(io.quanyu.outbox.DomainEvent.CONSENT_CHANGED, customerId, at,
                java.util.Map.of("channel", channel, "purpose", "marketing", "granted", state == State.GRANTED,
                        "state", state.label(), "identityType", address.type()));
        collection(db).updateOne(Filters.eq("_id", id), com.mongodb.client.model.Updates.combine(
                com.mongodb.client.model.Updates.set("channel", channel), com.mongodb.client.model.Updates.set("type", address.type()),
                com.mongodb.client.model.Updates.set("scope", address.scope()), com.mongodb.client.model.Updates.set("value", address.value()),
                com.mongodb.client.model.Updates.set("state", state.label()), com.mongodb.client.model.Updates.set("source", source),
                com.mongodb.client.model.Updates.set("customerId", customerId), com.mongodb.client.model.Updates.set("at", Date.from(at)),
                io.quanyu.outbox.Outbox.push(List.of(event))), new com.mongodb.client.model.UpdateOptions().upsert(true));
        signal.written(db, COLLECTION, id);
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
