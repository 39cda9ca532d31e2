package io.quanyu.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.records.BulkResult;
import io.quanyu.records.Page;
import io.quanyu.records.RecordQuery;
import org.dataloader.DataLoader;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Data fetchers of the generated schema. Each one takes the tenant from the request scope in the GraphQL context and
 * calls the records layer; records travel as maps; references are loaded through one DataLoader per object, so a
 * page of records with references costs one query per referenced object, not one per record.
 */
final class RecordFetchers {
    static final JsonMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private RecordFetchers() {
    }

    static RequestScope scope(DataFetchingEnvironment env) {
        return env.getGraphQlContext().get(RequestScope.class);
    }

    static JsonNode json(Object value) {
        return MAPPER.valueToTree(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(JsonNode node) {
        return node == null || node.isNull() ? null : MAPPER.convertValue(node, Map.class);
    }

    static DataFetcher<?> one(String object) {
        return env -> record(scope(env), object, env.getArgument("id"));
    }

    /** The live record of {@code object} with {@code id} in the caller's tenant, or null. */
    static Map<String, Object> record(RequestScope s, String object, String id) {
        return map(s.records().findByIds(s.call(), object, List.of(id)).get(id));
    }

    static DataFetcher<?> page(String object) {
        return env -> connection(env, object, env.getArgument("filter"));
    }

    static DataFetcher<?> backReference(String object, String field) {
        return env -> {
            Map<String, Object> parent = env.getSource();
            Map<String, Object> filter = new LinkedHashMap<>();
            Map<String, Object> extra = env.getArgument("filter");
            filter.put("and", extra == null ? List.of(Map.of(field, Map.of("eq", parent.get("_id"))))
                    : List.of(Map.of(field, Map.of("eq", parent.get("_id"))), extra));
            return connection(env, object, filter);
        };
    }

    private static Map<String, Object> connection(DataFetchingEnvironment env, String object, Map<String, Object> filter) {
        RequestScope s = scope(env);
        List<RecordQuery.Sort> sort = new ArrayList<>();
        List<Map<String, Object>> orderBy = env.getArgument("orderBy");
        if (orderBy != null) {
            orderBy.forEach(o -> sort.add(new RecordQuery.Sort(String.valueOf(o.get("field")), "DESC".equals(o.get("direction")))));
        }
        JsonNode tree = filter == null ? null : json(FilterTypes.toFilterTree(filter));
        Integer first = env.getArgument("first");
        Page page = s.records().query(s.call(), object,
                new RecordQuery(tree, sort, first == null ? RecordQuery.DEFAULT_PAGE : first, env.getArgument("after"), false));
        List<Map<String, Object>> nodes = page.records().stream().map(RecordFetchers::map).toList();
        List<Map<String, Object>> edges = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            edges.add(Map.of("node", nodes.get(i), "cursor", page.cursors().get(i)));
        }
        return Map.of("edges", edges, "nodes", nodes, "pageInfo", pageInfo(page, env.getArgument("after") != null),
                "totalCount", page.totalCount());
    }

    /**
     * Relay's page info. Pages only go forward, so there are records before this page when it was asked for after a
     * cursor (a cursor names a record the client has seen).
     */
    private static Map<String, Object> pageInfo(Page page, boolean afterCursor) {
        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("hasNextPage", page.hasNextPage());
        pageInfo.put("hasPreviousPage", afterCursor);
        pageInfo.put("startCursor", page.cursors().isEmpty() ? null : page.cursors().getFirst());
        pageInfo.put("endCursor", page.endCursor());
        return pageInfo;
    }

    static DataFetcher<?> search(String object) {
        return env -> {
            RequestScope s = scope(env);
            Integer first = env.getArgument("first");
            return s.records().search(s.call(), object, env.getArgument("text"), first == null ? 20 : first)
                    .stream().map(RecordFetchers::map).toList();
        };
    }

    /** A reference field: the referenced record(s) through the target object's DataLoader. */
    static DataFetcher<?> reference(FieldDef field) {
        return env -> {
            Map<String, Object> parent = env.getSource();
            Object value = parent.get(field.apiName());
            if (value == null) {
                return field.type() == FieldType.MULTI_REFERENCE ? List.of() : null;
            }
            DataLoader<String, Map<String, Object>> loader = env.getDataLoader(loaderName(field.target()));
            if (value instanceof List<?> ids) {
                List<String> keys = ids.stream().map(String::valueOf).toList();
                return loader.loadMany(keys).thenApply(list -> list.stream().filter(java.util.Objects::nonNull).toList());
            }
            return loader.load(String.valueOf(value));
        };
    }

    static String loaderName(String object) {
        return "records:" + object;
    }

    static DataFetcher<?> create(String object) {
        return env -> {
            RequestScope s = scope(env);
            return map(s.records().create(s.call(), object, json(env.getArgument("input"))));
        };
    }

    static DataFetcher<?> update(String object) {
        return env -> {
            RequestScope s = scope(env);
            Map<String, Object> patch = new LinkedHashMap<>(env.<Map<String, Object>>getArgument("patch"));
            patch.put("_version", env.getArgument("version"));
            return map(s.records().update(s.call(), object, env.getArgument("id"), json(patch)));
        };
    }

    static DataFetcher<?> delete(String object) {
        return env -> {
            RequestScope s = scope(env);
            return map(s.records().delete(s.call(), object, env.getArgument("id")));
        };
    }

    static DataFetcher<?> restore(String object) {
        return env -> {
            RequestScope s = scope(env);
            return map(s.records().restore(s.call(), object, env.getArgument("id")));
        };
    }

    static DataFetcher<?> upsert(String object) {
        return env -> {
            RequestScope s = scope(env);
            String key = env.getArgument("key");
            List<BulkResult> results = s.records().bulkUpsert(s.call(), object, json(env.getArgument("records")),
                    key == null ? "_id" : key);
            return results.stream().map(r -> map(MAPPER.valueToTree(r))).toList();
        };
    }

    static CompletableFuture<Map<String, Map<String, Object>>> loadByIds(RequestScope s, String object, java.util.Set<String> ids) {
        return CompletableFuture.supplyAsync(() -> {
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            s.records().findByIds(s.call(), object, ids).forEach((id, record) -> out.put(id, map(record)));
            return out;
        }, Runnable::run);
    }
}
