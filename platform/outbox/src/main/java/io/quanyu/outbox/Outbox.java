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
    private static final String EACH = "each";

    private Outbox() {
    }

    /** A new event for a document's {@value #FIELD} array. */
    public static Document entry(String type, String key, Instant at, Map<String, Object> data) {
        return new Document("_id", UUID.randomUUID().toString().replace("-", "")).append("type", type)
                .append("key", key).append("at", Date.from(at)).append("data", new Document(data));
    }

    /**
     * An event for every document a multi-document update changes ({@code updateMany}): the relay completes it per
     * document, keying it by the document's id, adding that id to the data as {@code idField} and making the event id
     * unique per document.
     */
    public static Document eachEntry(String type, String idField, Instant at, Map<String, Object> data) {
        return entry(type, "", at, data).append(EACH, idField);
    }

    /** The event a document's entry stands for: itself, or completed for that document when written by {@link #eachEntry}. */
    static Document completed(Document entry, Object documentId) {
        String idField = entry.getString(EACH);
        if (idField == null) {
            return entry;
        }
        String id = String.valueOf(documentId);
        Document data = new Document(entry.get("data", Document.class)).append(idField, id);
        return new Document(entry).append("_id", entry.get("_id") + "/" + id).append("key", id).append("data", data);
    }

    /** The update part that adds {@code entries} to a document in the same write as its change. */
    public static Bson push(List<Document> entries) {
        return Updates.pushEach(FIELD, entries);
    }
}
