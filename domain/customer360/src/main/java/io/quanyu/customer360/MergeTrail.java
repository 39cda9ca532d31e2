package io.quanyu.customer360;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.util.List;

/**
 * Moving documents between customers for a merge, tagged so the unmerge moves exactly those back: the merge's id is
 * pushed onto their {@code mergeTrail} (a stack, so chained merges are undone newest first).
 */
final class MergeTrail {
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private MergeTrail() {
    }

    static long move(MongoCollection<Document> collection, String from, String to, String trail) {
        return collection.updateMany(Filters.eq("customerId", from),
                Updates.combine(Updates.set("customerId", to), Updates.push("mergeTrail", trail))).getModifiedCount();
    }

    static long undo(MongoCollection<Document> collection, String trail, String backTo) {
        return collection.updateMany(Filters.eq("mergeTrail", trail),
                Updates.combine(Updates.set("customerId", backTo), Updates.pull("mergeTrail", trail))).getModifiedCount();
    }

    /** Documents as a JSON array in relaxed Extended JSON (for exports and views). */
    static String json(List<Document> docs) {
        return "[" + String.join(",", docs.stream().map(d -> d.toJson(RELAXED)).toList()) + "]";
    }
}
