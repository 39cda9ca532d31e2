package io.quanyu.server.segments;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.segments.Membership;
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
        Map<String, Long> counts = segments.counts(call);
        return Map.of("segments", segments.list(call).stream()
                .map(s -> SegmentViews.segment(s, counts.getOrDefault(s.key(), 0L))).toList());
    }

    @GetMapping("/api/v1/segments/{key}")
    Map<String, Object> get(@PathVariable String key, TenantAuthentication caller) {
        var call = scope.call(caller);
        return SegmentViews.segment(segments.get(call, key), segments.count(call, key));
    }

    /** Body: {@code {"names": {"zh-CN": "...", "en": "..."}, "description": "...", "rule": {...}}}. */
    @PutMapping(value = "/api/v1/segments/{key}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> put(@PathVariable String key, @RequestBody JsonNode body, TenantAuthentication caller) {
        var call = scope.call(caller);
        return SegmentViews.segment(segments.put(call, key, body), segments.count(call, key));
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
        out.put("members", page.stream().map(SegmentViews::membership).toList());
        out.put("next", page.size() < Math.clamp(limit, 1, 1_000) || page.isEmpty() ? null : page.getLast().customer());
        return out;
    }

    /**
     * A list segment's members as CSV (UTF-8): a header {@code type,value[,scope]}, or one value per line with
     * {@code ?type=phone}. Replaces the list; answers what changed.
     */
    @PostMapping(value = "/api/v1/segments/{key}/list", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    Segments.Uploaded upload(@PathVariable String key, @RequestParam(required = false) String type,
                             @RequestBody byte[] csv, TenantAuthentication caller) {
        return segments.upload(scope.call(caller), key, type, new java.io.InputStreamReader(
                new java.io.ByteArrayInputStream(csv), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The members as CSV: customerId, enteredAt, phone, email. */
    @GetMapping(value = "/api/v1/segments/{key}/members.csv", produces = "text/csv")
    ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody> export(
            @PathVariable String key, TenantAuthentication caller) {
        var call = scope.call(caller);
        segments.get(call, key);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv; charset=utf-8"))
                .header("Content-Disposition", "attachment; filename=\"" + key + "-members.csv\"")
                .body(out -> {
                    var writer = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8);
                    segments.export(call, key, writer);
                    writer.flush();
                });
    }

    /** Entries and exits per day: {@code ?from=2026-11-01&to=2026-11-30&zone=Asia/Shanghai} (default: 30 days, UTC). */
    @GetMapping("/api/v1/segments/{key}/history")
    Map<String, Object> history(@PathVariable String key, @RequestParam(required = false) String from,
                                @RequestParam(required = false) String to, @RequestParam(required = false) String zone,
                                TenantAuthentication caller) {
        return Map.of("segment", key, "days", segments.history(scope.call(caller), key, zone, from, to).stream()
                .map(SegmentViews::day).toList());
    }

    @GetMapping("/api/v1/segments/{key}/explain/{customerId}")
    Map<String, Object> explain(@PathVariable String key, @PathVariable String customerId, TenantAuthentication caller) {
        return SegmentViews.explained(segments.explain(scope.call(caller), key, customerId));
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
                .map(SegmentViews::membership).toList());
    }
}
