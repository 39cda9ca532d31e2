package io.quanyu.outbox;

import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The write side of the event seam, for stores: a domain event rides in the changed document itself, in the array
 * {@value #FIELD}, so the change and its event are one single-document write (no transaction needed). The relay
 * later moves it to the tenant's event log and takes it out of the document.
 */
public final class Outbox {
    /** The field of a changed document that holds its events not relayed yet. */
    public static final String FIELD = "_outbox";

    private Outbox() {
    }

    /** A new event for a document's {@value #FIELD} array. */
    public static Document entry(String type, String key, Instant at, Map<String, Object> data) {
        return new Document("_id", UUID.randomUUID().toString().replace("-", "")).append("type", type)
                .append("key", key).append("at", Date.from(at)).append("data", new Document(data));
    }

    /** The update part that adds {@code entries} to a document in the same write as its change. */
    public static Bson push(List<Document> entries) {
        return Updates.pushEach(FIELD, entries);
    }
}
