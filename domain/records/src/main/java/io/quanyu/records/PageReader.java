package io.quanyu.records;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.ObjectType;
import org.bson.Document;
import org.bson.conversions.Bson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads one page: filter, sort (always ending with {@code _id} so the order is total), cursor pagination that
 * continues after the previous page's last record (records with an empty sort field included: empty sorts first
 * ascending, last descending), and the total count of the filter.
 */
final class PageReader {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ObjectType type;
    private final MongoCollection<Document> collection;

    PageReader(ObjectType type, MongoCollection<Document> collection) {
        this.type = type;
        this.collection = collection;
    }

    Page read(RecordQuery query) {
        int size = query.first() <= 0 ? RecordQuery.DEFAULT_PAGE : query.first();
        if (size > RecordQuery.MAX_PAGE) {
            throw QueryTranslator.invalid("/first", "range", "at most " + RecordQuery.MAX_PAGE + " records per page");
        }
        List<RecordQuery.Sort> sort = sortKeys(query.sort());
        Bson filter = Filters.and(QueryTranslator.translate(type, query.filter()),
                Filters.exists(RecordService.PURGED_AT, false),
                query.includeDeleted() ? new Document() : Filters.exists(RecordService.DELETED_AT, false));
        long total = query.countTotal() ? collection.countDocuments(filter) : -1;
        Bson pageFilter = query.after() == null ? filter : Filters.and(filter, after(sort, decode(query.after(), sort), 0));
        List<Document> docs = collection.find(pageFilter).sort(order(sort)).limit(size + 1).into(new ArrayList<>());
        boolean more = docs.size() > size;
        List<Document> page = more ? docs.subList(0, size) : docs;
        List<ObjectNode> records = page.stream().map(d -> BsonMapping.toJson(type, d)).toList();
        List<String> cursors = page.stream().map(d -> encode(sort, d)).toList();
        return new Page(records, cursors, total, cursors.isEmpty() ? null : cursors.getLast(), more);
    }

    private List<RecordQuery.Sort> sortKeys(List<RecordQuery.Sort> requested) {
        List<RecordQuery.Sort> keys = new ArrayList<>();
        for (RecordQuery.Sort s : requested == null ? List.<RecordQuery.Sort>of() : requested) {
            if (s.field().equals("_id")) {
                break;
            }
            boolean known = s.field().equals("_createdAt") || s.field().equals("_updatedAt")
                    || type.field(s.field()).filter(f -> f.type().scalar()).isPresent();
            if (!known) {
                throw QueryTranslator.invalid("/sort", "unknownField", "cannot sort by " + s.field());
            }
            keys.add(s);
        }
        boolean idDescending = requested != null && requested.stream().anyMatch(s -> s.field().equals("_id") && s.descending());
        keys.add(new RecordQuery.Sort("_id", idDescending));
        return keys;
    }

    private static Bson order(List<RecordQuery.Sort> sort) {
        return Sorts.orderBy(sort.stream().map(s -> s.descending() ? Sorts.descending(s.field()) : Sorts.ascending(s.field()))
                .toList());
    }

    /** Records strictly after the cursor's position in the sort order. */
    private Bson after(List<RecordQuery.Sort> sort, List<Object> last, int i) {
        RecordQuery.Sort key = sort.get(i);
        Object value = last.get(i);
        String f = key.field();
        if (i == sort.size() - 1) {
            return key.descending() ? Filters.lt(f, value) : Filters.gt(f, value);
        }
        Bson rest = after(sort, last, i + 1);
        Bson notEmpty = Filters.and(Filters.exists(f), Filters.ne(f, null));
        if (value == null) {
            return key.descending() ? Filters.and(Filters.eq(f, null), rest) : Filters.or(notEmpty, Filters.and(Filters.eq(f, null), rest));
        }
        Bson beyond = key.descending() ? Filters.or(Filters.lt(f, value), Filters.eq(f, null)) : Filters.gt(f, value);
        return Filters.or(beyond, Filters.and(Filters.eq(f, value), rest));
    }

    private String encode(List<RecordQuery.Sort> sort, Document last) {
        ArrayNode values = JsonNodeFactory.instance.arrayNode();
        for (RecordQuery.Sort s : sort) {
            values.add(BsonMapping.toJson(last.get(s.field())));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(values.toString().getBytes(StandardCharsets.UTF_8));
    }

    private List<Object> decode(String cursor, List<RecordQuery.Sort> sort) {
        try {
            JsonNode values = JSON.readTree(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            if (!values.isArray() || values.size() != sort.size()) {
                throw new IllegalArgumentException("cursor shape");
            }
            return fromCursor(values, sort);
        } catch (RuntimeException e) {
            throw QueryTranslator.invalid("/after", "cursor", "is not a cursor of this query");
        }
    }

    private List<Object> fromCursor(JsonNode values, List<RecordQuery.Sort> sort) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String name = sort.get(i).field();
            out.add(QueryTranslator.convert(name, type.field(name).orElse(null), values.get(i), "/after"));
        }
        return out;
    }
}
