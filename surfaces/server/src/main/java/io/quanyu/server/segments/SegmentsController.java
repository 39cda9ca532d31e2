package io.quanyu.server.segments;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.segments.Membership;
import io.quanyu.segments.Segment;
import io.quanyu.segments.Segments;
import io.quanyu.server.objects.TenantScope;
import io.quanyu.server.security.TenantAuthentication;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Segments over HTTP: definitions with their size and backfill progress, members page by page, a customer's
 * segments, why a customer is in or out (in English and Chinese), and the size of a rule while it is being written.
 */
@RestController
class SegmentsController {
    private final Segments segments;
    private final TenantScope scope;

    SegmentsController(Segments segments, TenantScope scope) {
        this.segments = segments;
        this.scope = scope;
    }

    @GetMapping("/api/v1/segments")
    Map<String, Object> list(TenantAuthentication caller) {
        var call = scope.call(caller);
        return Map.of("segments", segments.list(call).stream().map(s -> view(s, segments.count(call, s.key()))).toList());
    }

    @GetMapping("/api/v1/segments/{key}")
    Map<String, Object> get(@PathVariable String key, TenantAuthentication caller) {
        var call = scope.call(caller);
        return view(segments.get(call, key), segments.count(call, key));
    }

    /** Body: {@code {"names": {"zh-CN": "...", "en": "..."}, "description": "...", "rule": {...}}}. */
    @PutMapping(value = "/api/v1/segments/{key}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> put(@PathVariable String key, @RequestBody JsonNode body, TenantAuthentication caller) {
        var call = scope.call(caller);
        return view(segments.put(call, key, body), segments.count(call, key));
    }

    @DeleteMapping("/api/v1/segments/{key}")
    ResponseEntity<Void> delete(@PathVariable String key, TenantAuthentication caller) {
        segments.delete(scope.call(caller), key);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/segments/{key}/members")
    Map<String, Object> members(@PathVariable String key, @RequestParam(required = false) String after,
                                @RequestParam(defaultValue = "50") int limit, TenantAuthentication caller) {
        List<Membership> page = segments.members(scope.call(caller), key, after, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("members", page.stream().map(SegmentsController::membership).toList());
        out.put("next", page.size() < Math.clamp(limit, 1, 1_000) || page.isEmpty() ? null : page.getLast().customer());
        return out;
    }

    @GetMapping("/api/v1/segments/{key}/explain/{customerId}")
    Map<String, Object> explain(@PathVariable String key, @PathVariable String customerId, TenantAuthentication caller) {
        Segments.Explained explained = segments.explain(scope.call(caller), key, customerId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("segment", explained.segment());
        out.put("customerId", explained.customer());
        out.put("member", explained.member());
        out.put("matches", explained.verdict().matched());
        out.put("summary", Map.of("en", explained.verdict().summary(), "zh-CN", explained.verdict().summaryZhCN()));
        out.put("explanation", explained.verdict().explanation().toJson());
        return out;
    }

    /** Body: {@code {"rule": {...}, "sample": 5000}}; the size of the rule's segment, exact or estimated. */
    @PostMapping(value = "/api/v1/segments/estimate", consumes = MediaType.APPLICATION_JSON_VALUE)
    Segments.Estimate estimate(@RequestBody JsonNode body, TenantAuthentication caller) {
        JsonNode rule = body.get("rule");
        if (rule == null || rule.isNull()) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/rule", "required", "is required")));
        }
        JsonNode sample = body.path("sample");
        return segments.estimate(scope.call(caller), rule, sample.isNumber() ? sample.asInt() : 5_000);
    }

    @GetMapping("/api/v1/customers/{customerId}/segments")
    Map<String, Object> ofCustomer(@PathVariable String customerId, TenantAuthentication caller) {
        return Map.of("segments", segments.ofCustomer(scope.call(caller), customerId).stream()
                .map(SegmentsController::membership).toList());
    }

    private static Map<String, Object> view(Segment s, long count) {
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

    private static Map<String, Object> membership(Membership m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("segment", m.segment());
        out.put("customerId", m.customer());
        out.put("member", m.member());
        out.put("version", m.version());
        out.put("enteredAt", m.enteredAt() == null ? null : m.enteredAt().toString());
        out.put("changedAt", m.changedAt().toString());
        return out;
    }
}
