package io.quanyu.search.elasticsearch;

import static io.quanyu.search.elasticsearch.ElasticsearchCalls.call;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.segments.SegmentIndex;

import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Segment memberships and transitions in two indices per tenant: {@code quanyu-<tenant>-seg-members}, one document
 * per (segment generation, customer) written with the membership's version as an external version (so an older or
 * repeated transition never undoes a newer one), and {@code quanyu-<tenant>-seg-transitions}, one document per
 * transition, created once by its id (segment generation, customer, version). Object indices cannot take these names:
 * an object's API name has no hyphen. Each segment generation is one keyword ({@code sg}), so a count is one term
 * filter and the counts of every segment one terms aggregation.
 */
public final class ElasticsearchSegmentIndex implements SegmentIndex {
    private static final String MEMBERS = "seg-members";
    private static final int FILL_BATCH = 1_000;
    private static final int FORGET_ROUND = 5_000;
    private static final int FORGET_ROUNDS = 40;
    /** The members index's mapping metadata once it holds the memberships made before it. */
    private static final String FILLED = "filled";
    private static final String TRANSITIONS = "seg-transitions";
    private static final String MEMBERS_MAPPING = """
            {"dynamic": "strict", "properties": {"sg": {"type": "keyword"}, "segment": {"type": "keyword"},
             "customer": {"type": "keyword"}, "member": {"type": "boolean"}, "changedAt": {"type": "date"}}}""";
    private static final String TRANSITIONS_MAPPING = """
            {"dynamic": "strict", "properties": {"sg": {"type": "keyword"}, "segment": {"type": "keyword"},
             "customer": {"type": "keyword"}, "entered": {"type": "boolean"}, "at": {"type": "date"}}}""";

    private final ElasticsearchClient client;
    private final int replicas;
    private final Set<String> created = ConcurrentHashMap.newKeySet();

    public ElasticsearchSegmentIndex(ElasticsearchClient client, int replicas) {
        this.client = client;
        this.replicas = replicas;
    }

    static String members(TenantId tenant) {
        return tenant.indexPrefix() + MEMBERS;
    }

    static String transitions(TenantId tenant) {
        return tenant.indexPrefix() + TRANSITIONS;
    }

    /** The keyword of one segment generation. */
    static String sg(String segment, long generation) {
        return segment + "|" + generation;
    }

    @Override
    public void prepare(TenantId tenant, java.util.function.Consumer<java.util.function.Consumer<Transition>> current) {
        String members = members(tenant);
        if (created.contains(members)) {
            return;
        }
        ensure(transitions(tenant), TRANSITIONS_MAPPING);
        ensure(members, MEMBERS_MAPPING);
        var meta = call(() -> client.indices().getMapping(g -> g.index(members))).result().get(members).mappings().meta();
        if (meta == null || !meta.containsKey(FILLED)) {
            // filled again from the start after a crash in the middle: the versions make a repeat harmless
            List<Transition> batch = new ArrayList<>();
            current.accept(t -> {
                batch.add(t);
                if (batch.size() == FILL_BATCH) {
                    write(tenant, batch, false);
                    batch.clear();
                }
            });
            write(tenant, batch, false);
            call(() -> client.indices().putMapping(p -> p.index(members)
                    .meta(FILLED, co.elastic.clients.json.JsonData.of(Instant.now().toString()))));
        }
        created.add(members);
    }

    @Override
    public void apply(TenantId tenant, List<Transition> transitions) {
        write(tenant, transitions, true);
    }

    /** Writes the memberships the transitions leave, and the transitions themselves when {@code log}. */
    private void write(TenantId tenant, List<Transition> transitions, boolean log) {
        if (transitions.isEmpty()) {
            return;
        }
        String members = members(tenant);
        String logIndex = transitions(tenant);
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        for (Transition t : transitions) {
            String sg = sg(t.segment(), t.generation());
            Map<String, Object> member = Map.of("sg", sg, "segment", t.segment(), "customer", t.customer(),
                    "member", t.member(), "changedAt", t.at().toString());
            bulk.operations(o -> o.index(i -> i.index(members).id(sg + "|" + t.customer()).version(t.version())
                    .versionType(VersionType.ExternalGte).document(member)));
            Map<String, Object> transition = Map.of("sg", sg, "segment", t.segment(), "customer", t.customer(),
                    "entered", t.member(), "at", t.at().toString());
            if (log) {
                bulk.operations(o -> o.create(c -> c.index(logIndex).id(sg + "|" + t.customer() + "|" + t.version())
                        .document(transition)));
            }
        }
        var response = call(() -> client.bulk(bulk.build()));
        for (BulkResponseItem item : response.items()) {
            if (item.error() == null || item.status() == 409) {
                continue; // 409: a newer membership is indexed, or the transition was recorded before
            }
            if (ElasticsearchCalls.busy(item.status())) {
                throw ElasticsearchCalls.unavailable(new IllegalStateException(item.error().reason()));
            }
            throw new IllegalStateException("the segment index refused " + item.id() + ": " + item.error().reason());
        }
    }

    /**
     * Deletes the segment's documents by query; where the server has no delete-by-query (its {@code reindex} module,
     * absent from the minimal distribution the tests here run), by rounds of a search and a bulk delete, up to
     * {@value #FORGET_ROUNDS} rounds of {@value #FORGET_ROUND} per index. Whatever is left is of a generation no query
     * asks for again, so it is never counted.
     */
    @Override
    public void forget(TenantId tenant, String segment) {
        for (String index : List.of(members(tenant), transitions(tenant))) {
            try {
                client.deleteByQuery(d -> d.index(index).ignoreUnavailable(true).allowNoIndices(true)
                        .conflicts(co.elastic.clients.elasticsearch._types.Conflicts.Proceed)
                        .query(q -> q.term(t -> t.field("segment").value(segment))));
            } catch (ElasticsearchException e) {
                if (e.status() != 400 && e.status() != 404 && e.status() != 405) {
                    throw e;
                }
                forgetInRounds(index, segment);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private void forgetInRounds(String index, String segment) {
        for (int round = 0; round < FORGET_ROUNDS; round++) {
            var found = call(() -> client.search(s -> s.index(index).ignoreUnavailable(true).allowNoIndices(true)
                    .size(FORGET_ROUND).source(src -> src.fetch(false))
                    .query(q -> q.term(t -> t.field("segment").value(segment))), Void.class));
            if (found.hits().hits().isEmpty()) {
                return;
            }
            BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(co.elastic.clients.elasticsearch._types.Refresh.True);
            found.hits().hits().forEach(hit -> bulk.operations(o -> o.delete(d -> d.index(index).id(hit.id()))));
            call(() -> client.bulk(bulk.build()));
        }
    }

    @Override
    public long count(TenantId tenant, String segment, long generation) {
        return call(() -> client.count(c -> c.index(members(tenant)).ignoreUnavailable(true).allowNoIndices(true)
                .query(memberOf(List.of(sg(segment, generation)))))).count();
    }

    @Override
    public Map<String, Long> counts(TenantId tenant, Map<String, Long> generations) {
        if (generations.isEmpty()) {
            return Map.of();
        }
        Map<String, String> keyOf = new HashMap<>();
        generations.forEach((segment, generation) -> keyOf.put(sg(segment, generation), segment));
        var response = call(() -> client.search(s -> s.index(members(tenant)).ignoreUnavailable(true).allowNoIndices(true)
                .size(0).query(memberOf(List.copyOf(keyOf.keySet())))
                .aggregations("by", a -> a.terms(t -> t.field("sg").size(keyOf.size()))), Void.class));
        Map<String, Long> out = new HashMap<>();
        var by = response.aggregations().get("by");
        if (by != null) {
            for (StringTermsBucket bucket : by.sterms().buckets().array()) {
                out.put(keyOf.get(bucket.key().stringValue()), bucket.docCount());
            }
        }
        return out;
    }

    @Override
    public List<Day> history(TenantId tenant, String segment, long generation, ZoneId zone, LocalDate from, LocalDate to) {
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        var response = call(() -> client.search(s -> s.index(transitions(tenant)).ignoreUnavailable(true).allowNoIndices(true)
                .size(0).query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("sg").value(sg(segment, generation))))
                        .filter(f -> f.range(r -> r.date(d -> d.field("at").gte(start.toString()).lt(end.toString()))))))
                .aggregations("days", a -> a.dateHistogram(d -> d.field("at").calendarInterval(CalendarInterval.Day)
                                .timeZone(zone.getId()).minDocCount(1))
                        .aggregations("entered", e -> e.filter(f -> f.term(t -> t.field("entered").value(true))))), Void.class));
        Map<LocalDate, Day> byDay = new LinkedHashMap<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            byDay.put(day, new Day(day, 0, 0));
        }
        var days = response.aggregations().get("days");
        if (days != null) {
            for (DateHistogramBucket bucket : days.dateHistogram().buckets().array()) {
                LocalDate day = Instant.ofEpochMilli(bucket.key()).atZone(zone).toLocalDate();
                long entered = bucket.aggregations().get("entered").filter().docCount();
                byDay.computeIfPresent(day, (d, old) -> new Day(d, entered, bucket.docCount() - entered));
            }
        }
        return List.copyOf(byDay.values());
    }

    private static Query memberOf(List<String> sgs) {
        Query of = sgs.size() == 1 ? Query.of(q -> q.term(t -> t.field("sg").value(sgs.getFirst())))
                : Query.of(q -> q.terms(t -> t.field("sg").terms(v -> v.value(sgs.stream().map(FieldValue::of).toList()))));
        return Query.of(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("member").value(true))).filter(of)));
    }

    /** Creates the index unless it exists, with its fixed mapping. */
    private void ensure(String index, String mapping) {
        if (!call(() -> client.indices().exists(e -> e.index(index))).value()) {
            String body = "{\"settings\": {\"number_of_shards\": 1, \"number_of_replicas\": " + replicas + "}, \"mappings\": "
                    + mapping + "}";
            try {
                client.indices().create(c -> c.index(index).withJson(new StringReader(body)));
            } catch (ElasticsearchException e) {
                if (!"resource_already_exists_exception".equals(e.response().error().type())) {
                    throw e;
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
