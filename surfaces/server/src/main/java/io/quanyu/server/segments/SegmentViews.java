package io.quanyu.server.segments;

import io.quanyu.segments.Membership;
import io.quanyu.segments.Segment;
import io.quanyu.segments.Segments;

import java.util.LinkedHashMap;
import java.util.Map;

/** Segments, memberships and explanations as plain maps, the same for REST and GraphQL. */
final class SegmentViews {
    private SegmentViews() {
    }

    static Map<String, Object> segment(Segment s, long count) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", s.key());
        out.put("names", s.names());
        out.put("description", s.description());
        out.put("rule", s.rule());
        out.put("references", s.references());
        out.put("version", s.version());
        out.put("count", count);
        Map<String, Object> backfill = new LinkedHashMap<>();
        backfill.put("version", s.backfill().version());
        backfill.put("evaluated", s.backfill().evaluated());
        backfill.put("done", s.backfill().done());
        backfill.put("finishedAt", s.backfill().finishedAt() == null ? null : s.backfill().finishedAt().toString());
        out.put("backfill", backfill);
        out.put("createdAt", s.createdAt().toString());
        out.put("createdBy", s.createdBy());
        out.put("updatedAt", s.updatedAt().toString());
        out.put("updatedBy", s.updatedBy());
        return out;
    }

    static Map<String, Object> membership(Membership m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("segment", m.segment());
        out.put("customerId", m.customer());
        out.put("member", m.member());
        out.put("version", m.version());
        out.put("enteredAt", m.enteredAt() == null ? null : m.enteredAt().toString());
        out.put("changedAt", m.changedAt().toString());
        return out;
    }

    static Map<String, Object> explained(Segments.Explained explained) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("segment", explained.segment());
        out.put("customerId", explained.customer());
        out.put("member", explained.member());
        out.put("matches", explained.verdict().matched());
        out.put("summary", Map.of("en", explained.verdict().summary(), "zh-CN", explained.verdict().summaryZhCN()));
        out.put("explanation", explained.verdict().explanation().toJson());
        return out;
    }

    static Map<String, Object> day(io.quanyu.segments.SegmentIndex.Day day) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("day", day.day().toString());
        out.put("entered", day.entered());
        out.put("exited", day.exited());
        return out;
    }
}
