package io.quanyu.mongostore;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Chooses the documents a query needs to look at, where mongo-java-server would scan the collection: it uses an index
 * only when the query names exactly the index's keys, so {@code {_id: x, version: 3}} (a conditional write) or
 * {@code {customer: {$in: [...]}, member: true}} read every document. Here any index whose first key the query
 * fixes by equality or {@code $in} (at its top level or in an {@code $and}) gives the candidates, the smallest set
 * wins, and the store matches the whole query on them, so the result is the same, only found sooner.
 */
final class IndexPlanner {

    private IndexPlanner() {
    }

    /**
     * The positions of the documents that can match the query, in their natural order where the store's positions
     * have one; null when no index narrows it (or the store's own plan applies) and the store should go on as before.
     */
    static <P> List<P> candidates(List<Index<P>> indexes, Document query) {
        Collection<P> best = null;
        for (Index<P> index : indexes) {
            if (index.canHandle(query)) {
                return null;
            }
        }
        for (Index<P> index : indexes) {
            Collection<P> found = positions(index, query);
            if (found != null && (best == null || found.size() < best.size())) {
                best = found;
            }
        }
        if (best == null) {
            return null;
        }
        List<P> out = new ArrayList<>(best);
        if (!out.isEmpty() && out.stream().allMatch(p -> p instanceof Comparable<?> && p.getClass() == out.getFirst().getClass())) {
            out.sort(naturalOrder());
        }
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <P> Comparator<P> naturalOrder() {
        return (a, b) -> ((Comparable) a).compareTo(b);
    }

    private static <P> Collection<P> positions(Index<P> index, Document query) {
        String key = index.getKeys().getFirst().getKey();
        List<Object> values = equalities(query, key);
        if (values == null) {
            return null;
        }
        if (index instanceof LeadingKeyIndex<P> secondary) {
            return secondary.positions(values);
        }
        if (index.isUnique() && index.getKeys().size() == 1) {
            List<P> out = new ArrayList<>();
            for (Object value : values) {
                index.getPositions(new Document(key, value)).forEach(out::add);
            }
            return out;
        }
        return null;
    }

    /**
     * The values the query requires of the key: one for an equality ({@code {k: v}}, {@code {k: {$eq: v}}}), the list
     * of an {@code $in}; null when it does not fix the key to plain values (a range, a regular expression, an array or
     * an embedded document, null, which also matches a missing key).
     */
    static List<Object> equalities(Document query, String key) {
        if (query.containsKey(key)) {
            Object condition = query.get(key);
            if (plain(condition)) {
                return List.of(condition);
            }
            if (condition instanceof Document operators && !operators.isEmpty()
                    && operators.keySet().stream().allMatch(k -> k.startsWith("$"))) {
                if (operators.containsKey("$eq") && plain(operators.get("$eq"))) {
                    return List.of(operators.get("$eq"));
                }
                if (operators.get("$in") instanceof Collection<?> in && in.stream().allMatch(IndexPlanner::plain)) {
                    return List.copyOf(in);
                }
            }
            return null;
        }
        if (query.get("$and") instanceof Collection<?> all) {
            for (Object part : all) {
                if (part instanceof Document document) {
                    List<Object> found = equalities(document, key);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    private static boolean plain(Object value) {
        return value != null && !(value instanceof Document) && !(value instanceof Collection<?>)
                && !(value instanceof BsonRegularExpression) && !(value instanceof Pattern) && !value.getClass().isArray();
    }
}
