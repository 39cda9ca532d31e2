package io.quanyu.outbox;

import com.mongodb.client.model.Filters;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/** The events subscribers gave up on, per tenant ({@code outbox_dead}), for an operator to read and replay. */
final class DeadLetters {
    private DeadLetters() {
    }

    static Document document(DomainEvent event) {
        return new Document("_id", event.id()).append("type", event.type()).append("key", event.key())
                .append("at", Date.from(event.at())).append("data", new Document(event.data()));
    }

    static List<DeadLetter> list(TenantDatabase db, String subscriber) {
        var filter = subscriber == null ? new Document() : Filters.eq("subscriber", subscriber);
        List<DeadLetter> out = new ArrayList<>();
        for (Document d : db.collection(EventLog.DEAD).find(filter)) {
            out.add(letter(db, d));
        }
        return out;
    }

    static Optional<DeadLetter> find(TenantDatabase db, String id) {
        return Optional.ofNullable(db.collection(EventLog.DEAD).find(Filters.eq("_id", id)).first()).map(d -> letter(db, d));
    }

    static void forget(TenantDatabase db, String subscriber) {
        db.collection(EventLog.DEAD).deleteMany(Filters.eq("subscriber", subscriber));
    }

    static void remove(TenantDatabase db, String id) {
        db.collection(EventLog.DEAD).deleteOne(Filters.eq("_id", id));
    }

    private static DeadLetter letter(TenantDatabase db, Document d) {
        return new DeadLetter(d.getString("_id"), d.getString("subscriber"),
                EventLog.event(db.tenant(), d.get("event", Document.class)), d.getInteger("attempts", 0),
                d.getString("error"), d.getDate("at").toInstant());
    }
}
