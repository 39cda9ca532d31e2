package io.quanyu.server.segments;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.quanyu.core.call.CallContext;
import io.quanyu.graphql.SchemaParts;
import io.quanyu.segments.Membership;
import io.quanyu.segments.Segments;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.quanyu.graphql.SchemaParts.field;

/**
 * Segments in every tenant schema, on the guarded {@link Segments} service with the request's call: the segments with
 * their sizes, members page by page, a customer's segments, why a customer is in or out, a rule's size while it is
 * written; {@code putSegment}, {@code uploadSegmentList} (a list segment's identities as CSV text) and
 * {@code deleteSegment}.
 */
public final class SegmentsSchema implements io.quanyu.graphql.SchemaContribution {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final Segments segments;

    public SegmentsSchema(Segments segments) {
        this.segments = segments;
    }

    @Override
    public void contribute(SchemaParts parts) {
        parts.type("Segment", "key: ID!", "names: JSON!", "description: String", "rule: JSON!", "references: [String!]!",
                        "version: Int!", "count: Long!", "backfill: JSON!", "createdAt: DateTime!", "createdBy: String",
                        "updatedAt: DateTime!", "updatedBy: String")
                .type("SegmentMembership", "segment: ID!", "customerId: ID!", "member: Boolean!", "version: Int!",
                        "enteredAt: DateTime", "changedAt: DateTime!")
                .type("SegmentMemberPage", "members: [SegmentMembership!]!", "nextCursor: String")
                .type("SegmentExplanation", "segment: ID!", "customerId: ID!", "member: Boolean!", "matches: Boolean!",
                        "summary: JSON!", "explanation: JSON!")
                .type("SegmentEstimate", "count: Long!", "exact: Boolean!", "matched: Long!", "scanned: Long!",
                        "total: Long!")
                .type("SegmentDay", "day: String!", "entered: Long!", "exited: Long!")
                .type("SegmentListUpload", "segment: ID!", "identities: Long!", "added: Long!", "removed: Long!",
                        "owned: Long!", "reevaluated: Long!");
        parts.query(field("segments", "[Segment!]!"), env -> {
            CallContext call = call(env);
            Map<String, Long> counts = segments.counts(call);
            return segments.list(call).stream().map(s -> view(SegmentViews.segment(s, counts.getOrDefault(s.key(), 0L)))).toList();
        });
        parts.query(field("segment", "Segment!", "key: ID!"), env -> {
            CallContext call = call(env);
            String key = env.getArgument("key");
            return view(SegmentViews.segment(segments.get(call, key), segments.count(call, key)));
        });
        parts.query(field("segmentMembers", "SegmentMemberPage!", "key: ID!", "first: Int", "after: String"), this::members);
        parts.query(field("customerSegments", "[SegmentMembership!]!", "customerId: ID!"), env -> segments
                .ofCustomer(call(env), env.getArgument("customerId")).stream().map(m -> view(SegmentViews.membership(m))).toList());
        parts.query(field("explainSegment", "SegmentExplanation!", "key: ID!", "customerId: ID!"), env -> view(SegmentViews
                .explained(segments.explain(call(env), env.getArgument("key"), env.getArgument("customerId")))));
        parts.query(field("segmentHistory", "[SegmentDay!]!", "key: ID!", "from: String", "to: String", "zone: String"),
                env -> segments.history(call(env), env.<String>getArgument("key"), env.<String>getArgument("zone"),
                        env.<String>getArgument("from"), env.<String>getArgument("to")).stream().map(d -> view(SegmentViews.day(d))).toList());
        parts.query(field("estimateSegment", "SegmentEstimate!", "rule: JSON!", "sample: Int"), env -> {
            Integer sample = env.getArgument("sample");
            Segments.Estimate e = segments.estimate(call(env), JSON.valueToTree(env.getArgument("rule")),
                    sample == null ? 5_000 : sample);
            return Map.of("count", e.count(), "exact", e.exact(), "matched", e.matched(), "scanned", e.scanned(),
                    "total", e.total());
        });
        parts.mutation(field("putSegment", "Segment!", "key: ID!", "segment: JSON!"), env -> {
            CallContext call = call(env);
            String key = env.getArgument("key");
            return view(SegmentViews.segment(segments.put(call, key, JSON.valueToTree(env.getArgument("segment"))),
                    segments.count(call, key)));
        });
        parts.mutation(field("uploadSegmentList", "SegmentListUpload!", "key: ID!", "csv: String!", "identityType: String"),
                env -> {
                    Segments.Uploaded u = segments.upload(call(env), env.getArgument("key"), env.getArgument("identityType"),
                            new java.io.StringReader(env.getArgument("csv")));
                    return Map.of("segment", u.segment(), "identities", u.identities(), "added", u.added(),
                            "removed", u.removed(), "owned", u.owned(), "reevaluated", u.reevaluated());
                });
        parts.mutation(field("deleteSegment", "Boolean!", "key: ID!"), (DataFetcher<?>) env -> {
            segments.delete(call(env), env.getArgument("key"));
            return true;
        });
    }

    private Map<String, Object> members(DataFetchingEnvironment env) {
        Integer first = env.getArgument("first");
        int limit = first == null ? 50 : first;
        List<Membership> page = segments.members(call(env), env.getArgument("key"), env.getArgument("after"), limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("members", page.stream().map(m -> view(SegmentViews.membership(m))).toList());
        out.put("nextCursor", page.isEmpty() || page.size() < Math.clamp(limit, 1, 1_000) ? null : page.getLast().customer());
        return out;
    }

    /** Plain values for graphql-java: JSON trees as maps and lists, counts as numbers. */
    private static Map<String, Object> view(Map<String, Object> value) {
        return JSON.convertValue(value, MAP);
    }

    private static CallContext call(DataFetchingEnvironment env) {
        return SchemaParts.scope(env).call();
    }
}
