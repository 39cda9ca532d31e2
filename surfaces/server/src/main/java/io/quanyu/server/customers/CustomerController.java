package io.quanyu.server.customers;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.call.CallContext;
import io.quanyu.customer360.Customer360Settings;
import io.quanyu.customer360.Customers;
import io.quanyu.customer360.EventResult;
import io.quanyu.customer360.Timeline;
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
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The customer 360 over HTTP: event and order ingestion (batches of up to 1,000, a result per item), the profile,
 * its timeline, manual tags, merges, unmerges and suggestions, privacy export and erasure, and the tenant's event
 * types and settings.
 */
@RestController
class CustomerController {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Customers customers;
    private final TenantScope scope;

    CustomerController(Customers customers, TenantScope scope) {
        this.customers = customers;
        this.scope = scope;
    }

    /** Body: {@code {"events": [...]}}; answers a result per event once the stored ones are durable. */
    @PostMapping(value = "/api/v1/events", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> track(@RequestBody JsonNode body, TenantAuthentication caller) {
        List<EventResult> results = customers.track(scope.call(caller), body.get("events"));
        return Map.of("results", results, "stored", count(results, "stored"), "duplicates", count(results, "duplicate"),
                "rejected", count(results, "rejected"));
    }

    private static long count(List<EventResult> results, String status) {
        return results.stream().filter(r -> r.status().equals(status)).count();
    }

    /** Body: {@code {"orders": [...]}}. */
    @PostMapping(value = "/api/v1/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> orders(@RequestBody JsonNode body, TenantAuthentication caller) {
        return Map.of("results", customers.orders(scope.call(caller), body.get("orders")));
    }

    /**
     * The customer known by an identity ({@code type}, {@code value}; a scoped type's {@code scope}): {@code
     * {"customerId": ...}}, or {@code CUSTOMER_NOT_FOUND}.
     */
    @GetMapping("/api/v1/customers/by-identity")
    Map<String, Object> byIdentity(@RequestParam String type, @RequestParam String value,
                                   @RequestParam(name = "scope", required = false) String identityScope,
                                   TenantAuthentication caller) {
        String key = identityScope == null || identityScope.isBlank() ? value : identityScope + "|" + value;
        return customers.findByIdentity(scope.call(caller), type, key).<Map<String, Object>>map(id -> Map.of("customerId", id))
                .orElseThrow(() -> new QuanyuException(io.quanyu.core.error.ErrorCode.CUSTOMER_NOT_FOUND,
                        Map.of("customer", type + ":" + value)));
    }

    @GetMapping("/api/v1/customers/{id}/360")
    ObjectNode profile(@PathVariable String id, TenantAuthentication caller) {
        return customers.profile(scope.call(caller), id);
    }

    @GetMapping("/api/v1/customers/{id}/timeline")
    Map<String, Object> timeline(@PathVariable String id, @RequestParam(required = false) String types,
                                 @RequestParam(required = false) String channels,
                                 @RequestParam(defaultValue = "50") int first, @RequestParam(required = false) String after,
                                 TenantAuthentication caller) {
        Timeline.Page page = customers.timeline(scope.call(caller), id, split(types), split(channels), first, after);
        return Map.of("events", page.events().stream().map(e -> {
            ObjectNode node = JSON.createObjectNode().put("eventId", e.eventId()).put("type", e.type())
                    .put("time", e.time().toString()).put("channel", e.channel());
            node.set("properties", e.properties());
            return node;
        }).toList(), "nextCursor", page.nextCursor() == null ? "" : page.nextCursor());
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).map(String::strip).toList();
    }

    /** Body: {@code {"tag": "vip"}}. */
    @PostMapping(value = "/api/v1/customers/{id}/tags", consumes = MediaType.APPLICATION_JSON_VALUE)
    ObjectNode tag(@PathVariable String id, @RequestBody JsonNode body, TenantAuthentication caller) {
        CallContext call = scope.call(caller);
        customers.tag(call, id, body.path("tag").asString(null), true);
        return customers.profile(call, id);
    }

    @DeleteMapping("/api/v1/customers/{id}/tags/{tag}")
    ObjectNode untag(@PathVariable String id, @PathVariable String tag, TenantAuthentication caller) {
        CallContext call = scope.call(caller);
        customers.tag(call, id, tag, false);
        return customers.profile(call, id);
    }

    /** Body: {@code {"survivor": "...", "merged": "..."}}. */
    @PostMapping(value = "/api/v1/customers/merges", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> merge(@RequestBody JsonNode body, TenantAuthentication caller) {
        String survivor = required(body, "survivor");
        String merged = required(body, "merged");
        return customers.merge(scope.call(caller), survivor, merged);
    }

    @PostMapping("/api/v1/customers/merges/{mergeId}/undo")
    Map<String, Object> unmerge(@PathVariable String mergeId, TenantAuthentication caller) {
        return customers.unmerge(scope.call(caller), mergeId);
    }

    @GetMapping("/api/v1/customers/suggestions")
    JsonNode suggestions(TenantAuthentication caller) {
        return customers.suggestions(scope.call(caller));
    }

    @PostMapping("/api/v1/customers/suggestions/{id}/accept")
    Map<String, Object> accept(@PathVariable String id, TenantAuthentication caller) {
        return customers.accept(scope.call(caller), id);
    }

    @PostMapping("/api/v1/customers/suggestions/{id}/dismiss")
    ResponseEntity<Void> dismiss(@PathVariable String id, TenantAuthentication caller) {
        customers.dismiss(scope.call(caller), id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/customers/{id}/export")
    ObjectNode export(@PathVariable String id, TenantAuthentication caller) {
        return customers.export(scope.call(caller), id);
    }

    @PostMapping("/api/v1/customers/{id}/erase")
    JsonNode erase(@PathVariable String id, TenantAuthentication caller) {
        return JSON.readTree(customers.erase(scope.call(caller), id).toJson());
    }

    @GetMapping("/api/v1/customer360/event-types")
    List<Map<String, Object>> eventTypes(TenantAuthentication caller) {
        return customers.eventTypes(scope.call(caller)).values().stream()
                .map(d -> Map.<String, Object>of("type", d.type(), "schema", d.schema(), "strict", d.strict())).toList();
    }

    /** Body: {@code {"schema": {...}, "strict": true}}. */
    @PutMapping(value = "/api/v1/customer360/event-types/{type}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> putEventType(@PathVariable String type, @RequestBody JsonNode body, TenantAuthentication caller) {
        var d = customers.putEventType(scope.call(caller), type, body.get("schema"), body.path("strict").asBoolean(false));
        return Map.of("type", d.type(), "schema", d.schema(), "strict", d.strict());
    }

    @GetMapping("/api/v1/customer360/settings")
    Object settings(TenantAuthentication caller) {
        return customers.settings(scope.call(caller));
    }

    @PutMapping(value = "/api/v1/customer360/settings", consumes = MediaType.APPLICATION_JSON_VALUE)
    Object putSettings(@RequestBody JsonNode body, TenantAuthentication caller) {
        Customer360Settings changed;
        try {
            changed = JSON.treeToValue(body, Customer360Settings.class);
        } catch (RuntimeException e) {
            throw QuanyuException.invalid(List.of(new FieldViolation("", "type", "is not a customer 360 settings document")));
        }
        return customers.settings(scope.call(caller), changed);
    }

    private static String required(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isString() || v.asString().isBlank()) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/" + field, "required", "is required")));
        }
        return v.asString();
    }
}
