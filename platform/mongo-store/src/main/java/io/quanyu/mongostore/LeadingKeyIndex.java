package io.quanyu.mongostore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A secondary (non-unique) index kept in memory: the positions of the documents by the value of the index's first key
 * (each element when it is an array, as MongoDB's multikey indexes do). mongo-java-server ignores secondary indexes, so
 * a query on {@code customer} scanned the whole collection; with this index {@link IndexPlanner} reads only the
 * documents whose first key has one of the query's values and lets the store match the rest of the query on them.
 * <p>
 * It never answers a query by itself ({@link #canHandle} is false) and enforces nothing. On a file-backed store it is
 * built again from the documents when the store opens.
 */
final class LeadingKeyIndex<P> extends Index<P> {
    private final String[] path;
    private final Map<KeyValue, Set<P>> byValue = new ConcurrentHashMap<>();
    private final Map<KeyValue, P> byId = new ConcurrentHashMap<>();

    LeadingKeyIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.path = keys.getFirst().getKey().split("\\.");
    }

    /** The key the index finds documents by. */
    String leadingKey() {
        return getKeys().getFirst().getKey();
    }

    /** The positions of the documents whose first key has one of these values (or contains it, for an array). */
    Collection<P> positions(Collection<?> values) {
        Set<P> out = new LinkedHashSet<>();
        for (Object value : values) {
            Set<P> found = byValue.get(key(value));
            if (found != null) {
                out.addAll(found);
            }
        }
        return out;
    }

    @Override
    public P getPosition(Document document) {
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        // not unique: nothing to refuse
    }

    @Override
    public void add(Document document, P position, MongoCollection<P> collection) {
        byId.put(key(document.get("_id")), position);
        for (KeyValue value : values(document)) {
            byValue.computeIfAbsent(value, v -> ConcurrentHashMap.newKeySet()).add(position);
        }
    }

    @Override
    public P remove(Document document) {
        P position = byId.remove(key(document.get("_id")));
        if (position != null) {
            unlink(document, position);
        }
        return position;
    }

    @Override
    public boolean canHandle(Document query) {
        return false;
    }

    @Override
    public Iterable<P> getPositions(Document query) {
        List<Object> values = IndexPlanner.equalities(query, leadingKey());
        return values == null ? List.of() : positions(values);
    }

    @Override
    public long getCount() {
        return byId.size();
    }

    @Override
    public long getDataSize() {
        return 0;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        // not unique: nothing to refuse
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection) {
        unlink(oldDocument, position);
        add(newDocument, position, collection);
    }

    @Override
    public void drop() {
        byValue.clear();
        byId.clear();
    }

    private void unlink(Document document, P position) {
        for (KeyValue value : values(document)) {
            byValue.computeIfPresent(value, (v, positions) -> {
                positions.remove(position);
                return positions.isEmpty() ? null : positions;
            });
        }
    }

    /** The document's values of the first key, normalised (1, 1L and 1.0 are one key, as MongoDB compares them). */
    private Set<KeyValue> values(Document document) {
        List<Object> found = new ArrayList<>();
        collect(document, 0, found);
        Set<KeyValue> out = new LinkedHashSet<>();
        for (Object value : found) {
            if (value != null) {
                out.add(key(value));
            }
        }
        return out;
    }

    /** The values at the path from {@code at}, through embedded documents and arrays of them, as MongoDB reads a path. */
    private void collect(Object value, int at, List<Object> out) {
        if (at == path.length) {
            if (value instanceof Collection<?> elements) {
                out.addAll(elements);
            } else {
                out.add(value);
            }
            return;
        }
        if (value instanceof Document document) {
            if (document.containsKey(path[at])) {
                collect(document.get(path[at]), at + 1, out);
            }
        } else if (value instanceof List<?> elements) {
            for (Object element : elements) {
                if (element instanceof Document) {
                    collect(element, at, out);
                }
            }
            if (path[at].chars().allMatch(Character::isDigit)) {
                int index = Integer.parseInt(path[at]);
                if (index < elements.size()) {
                    collect(elements.get(index), at + 1, out);
                }
            }
        }
    }

    static KeyValue key(Object value) {
        return new KeyValue(value).normalized();
    }
}
