package io.quanyu.search.elasticsearch;

import static io.quanyu.search.elasticsearch.ElasticsearchCalls.call;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.records.RecordSearch;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Records in Elasticsearch: one index per object type behind the alias {@code quanyu-<tenant>-<object>}, with a
 * mapping generated from the metadata. New fields are added to the live index; a changed field mapping makes a new
 * index (named by the mapping's fingerprint), filled from MongoDB, then the alias is switched and the old index
 * dropped. Writes use the record's {@code _version} as an external version, so an older write never wins (an equal
 * one does: a schema migration changes stored values without a new version, and a repeat writes the same state).
 * Platform fields are stored as {@code q_*} (tenant field names cannot contain an underscore).
 */
public final class ElasticsearchRecordSearch implements RecordSearch {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int REBUILD_BATCH = 1_000;

    private final ElasticsearchClient client;
    private final int replicas;
    private final Map<String, String> prepared = new ConcurrentHashMap<>();

    public ElasticsearchRecordSearch(ElasticsearchClient client, int replicas) {
        this.client = client;
        this.replicas = replicas;
    }

    static String alias(TenantId tenant, String object) {
        return tenant.indexPrefix() + object.toLowerCase(Locale.ROOT);
    }

    @Override
    public void prepare(TenantId tenant, ObjectType type, Consumer<Consumer<ObjectNode>> allRecords) {
        String alias = alias(tenant, type.apiName());
        ObjectNode properties = properties(type);
        String fingerprint = fingerprint(properties);
        if (fingerprint.equals(prepared.get(alias))) {
            return;
        }
        String current = currentIndex(alias);
        if (current == null) {
            rebuild(alias, null, properties, fingerprint, type, allRecords);
        } else if (!current.endsWith("-" + fingerprint) && !tryAddFields(current, properties)) {
            rebuild(alias, current, properties, fingerprint, type, allRecords);
        }
        prepared.put(alias, fingerprint);
    }

    private boolean tryAddFields(String index, ObjectNode properties) {
        try {
            String body = F.objectNode().set("properties", properties).toString();
            client.indices().putMapping(p -> p.index(index).withJson(new StringReader(body)));
            return true;
        } catch (ElasticsearchException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Builds the index for {@code fingerprint} from MongoDB and points the alias at it, away from {@code old} (null
     * when there is no alias yet: a new object, or one whose first preparation an outage cut short, whose half-made
     * index is dropped and made again).
     */
    private void rebuild(String alias, String old, ObjectNode properties, String fingerprint, ObjectType type,
                         Consumer<Consumer<ObjectNode>> allRecords) {
        String next = alias + "-" + fingerprint;
        deleteIfExists(next);
        create(next, properties, fingerprint);
        List<Op> batch = new ArrayList<>();
        allRecords.accept(record -> {
            batch.add(new Op(record.path("_id").asString(), record.path("_version").asLong(), record));
            if (batch.size() == REBUILD_BATCH) {
                bulk(next, type, batch);
                batch.clear();
            }
        });
        bulk(next, type, batch);
        if (old == null) {
            call(() -> client.indices().putAlias(a -> a.index(next).name(alias)));
            return;
        }
        call(() -> client.indices().updateAliases(u -> u
                .actions(a -> a.remove(r -> r.index(old).alias(alias)))
                .actions(a -> a.add(ad -> ad.index(next).alias(alias)))));
        deleteIfExists(old);
    }

    private void create(String index, ObjectNode properties, String fingerprint) {
        ObjectNode body = F.objectNode();
        body.putObject("settings").put("number_of_shards", 1).put("number_of_replicas", replicas);
        ObjectNode mappings = body.putObject("mappings");
        mappings.putObject("_meta").put("fingerprint", fingerprint);
        mappings.set("properties", properties);
        call(() -> client.indices().create(c -> c.index(index).withJson(new StringReader(body.toString()))));
    }

    private String currentIndex(String alias) {
        if (!call(() -> client.indices().existsAlias(e -> e.name(alias))).value()) {
            return null;
        }
        var response = call(() -> client.indices().getAlias(g -> g.name(alias)));
        return response.result().keySet().stream().findFirst().orElse(null);
    }

    private void deleteIfExists(String index) {
        if (call(() -> client.indices().exists(e -> e.index(index))).value()) {
            call(() -> client.indices().delete(d -> d.index(index)));
        }
    }

    @Override
    public Set<String> apply(TenantId tenant, ObjectType type, List<Op> ops) {
        return bulk(alias(tenant, type.apiName()), type, ops);
    }

    private Set<String> bulk(String index, ObjectType type, List<Op> ops) {
        if (ops.isEmpty()) {
            return Set.of();
        }
        BulkRequest.Builder request = new BulkRequest.Builder();
        for (Op op : ops) {
            if (op.record() == null) {
                request.operations(o -> o.delete(d -> d.index(index).id(op.id()).version(op.version())
                        .versionType(VersionType.External)));
            } else {
                Map<String, Object> doc = document(type, op.record());
                request.operations(o -> o.index(i -> i.index(index).id(op.id()).version(op.version())
                        .versionType(VersionType.ExternalGte).document(doc)));
            }
        }
        var response = call(() -> client.bulk(request.build()));
        Set<String> written = new HashSet<>();
        for (BulkResponseItem item : response.items()) {
            if (item.error() != null && ElasticsearchCalls.busy(item.status())) {
                throw ElasticsearchCalls.unavailable(new IllegalStateException(item.error().reason()));
            }
            boolean stale = item.status() == 409;
            boolean missing = item.status() == 404;
            if (item.error() == null || stale || missing) {
                written.add(item.id());
            }
        }
        return written;
    }

    private static Map<String, Object> document(ObjectType type, ObjectNode record) {
        ObjectNode doc = F.objectNode();
        for (FieldDef f : type.fields()) {
            JsonNode value = record.get(f.apiName());
            if (value != null && !value.isNull()) {
                doc.set(f.apiName(), value);
            }
        }
        doc.set("q_createdAt", record.get("_createdAt"));
        doc.set("q_updatedAt", record.get("_updatedAt"));
        return JSON.convertValue(doc, Map.class);
    }

    @Override
    public List<String> search(TenantId tenant, ObjectType type, String text, int size) {
        List<String> fields = type.fields().stream().filter(ElasticsearchRecordSearch::searchable)
                .map(FieldDef::apiName).toList();
        if (fields.isEmpty()) {
            return List.of();
        }
        try {
            var response = client.search(s -> s.index(alias(tenant, type.apiName())).size(size).source(src -> src.fetch(false))
                    .ignoreUnavailable(true).allowNoIndices(true)
                    .query(q -> q.multiMatch(m -> m.query(text).fields(fields).lenient(true)
                            .operator(co.elastic.clients.elasticsearch._types.query_dsl.Operator.And))), Void.class);
            return response.hits().hits().stream().map(h -> h.id()).toList();
        } catch (IOException e) {
            throw new QuanyuException(ErrorCode.DEPENDENCY_UNAVAILABLE, Map.of("dependency", "Search"), e);
        }
    }

    private static boolean searchable(FieldDef f) {
        return switch (f.type()) {
            case TEXT, LONG_TEXT, EMAIL, PHONE, URL, SINGLE_SELECT, MULTI_SELECT, AUTO_NUMBER -> true;
            case FORMULA -> f.resultType() == null || f.resultType() == FieldType.TEXT;
            default -> false;
        };
    }

    /** The Elasticsearch mapping of an object's fields. */
    static ObjectNode properties(ObjectType type) {
        ObjectNode properties = F.objectNode();
        for (FieldDef f : type.fields()) {
            properties.set(f.apiName(), mapping(f.type() == FieldType.FORMULA
                    ? (f.resultType() == null ? FieldType.TEXT : f.resultType()) : f.type()));
        }
        properties.set("q_createdAt", F.objectNode().put("type", "date"));
        properties.set("q_updatedAt", F.objectNode().put("type", "date"));
        return properties;
    }

    private static ObjectNode mapping(FieldType type) {
        return switch (type) {
            case TEXT -> {
                ObjectNode text = F.objectNode().put("type", "text");
                text.putObject("fields").putObject("keyword").put("type", "keyword").put("ignore_above", 256);
                yield text;
            }
            case LONG_TEXT -> F.objectNode().put("type", "text");
            case INTEGER -> F.objectNode().put("type", "long");
            case DECIMAL -> F.objectNode().put("type", "double");
            case BOOLEAN -> F.objectNode().put("type", "boolean");
            case DATE -> F.objectNode().put("type", "date").put("format", "strict_date");
            case DATETIME -> F.objectNode().put("type", "date");
            case CURRENCY -> {
                ObjectNode currency = F.objectNode();
                ObjectNode props = currency.putObject("properties");
                props.putObject("amount").put("type", "double");
                props.putObject("currency").put("type", "keyword");
                yield currency;
            }
            case JSON -> F.objectNode().put("type", "object").put("enabled", false);
            default -> F.objectNode().put("type", "keyword");
        };
    }

    private static String fingerprint(ObjectNode properties) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(properties.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
