package io.quanyu.server.customers;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.customer360.Customer360;
import io.quanyu.customer360.EventResult;
import io.quanyu.customer360.OrderFeed;
import io.quanyu.customer360.Timeline;
import io.quanyu.mongodb.TenantDatabase;
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
    private final Customer360 customers;
    private final TenantScope scope;
    private final CustomerScope ready;

    CustomerController(Customer360 customers, TenantScope scope, CustomerScope ready) {
        this.customers = customers;
        this.scope = scope;
        this.ready = ready;
    }

    private TenantDatabase db(TenantAuthentication caller) {
        return ready.ready(scope.database(caller));
    }

    private static String actor(TenantAuthentication caller) {
        return caller.context().username();
    }

    /** Body: {@code {"events": [...]}}; answers a result per event once the stored ones are durable. */
    @PostMapping(value = "/api/v1/events", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> track(@RequestBody JsonNode body, TenantAuthentication caller) {
        List<EventResult> results = customers.track(db(caller), scope.quotas(caller), actor(caller), body.get("events"));
        return Map.of("results", results, "stored", count(results, "stored"), "duplicates", count(results, "duplicate"),
                "rejected", count(results, "rejected"));
    }

    private static long count(List<EventResult> results, String status) {
        return results.stream().filter(r -> r.status().equals(status)).count();
    }

    /** Body: {@code {"orders": [...]}}. */
    @PostMapping(value = "/api/v1/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> orders(@RequestBody JsonNode body, TenantAuthentication caller) {
        List<OrderFeed.OrderResult> results = customers.orders(db(caller), scope.quotas(caller), actor(caller), body.get("orders"));
        return Map.of("results", results);
    }

    @GetMapping("/api/v1/customers/{id}/360")
    ObjectNode profile(@PathVariable String id, TenantAuthentication caller) {
        return customers.profile(db(caller), id);
    }

    @GetMapping("/api/v1/customers/{id}/timeline")
    Map<String, Object> timeline(@PathVariable String id, @RequestParam(required = false) String types,
                                 @RequestParam(required = false) String channels,
                                 @RequestParam(defaultValue = "50") int first, @RequestParam(required = false) String after,
                                 TenantAuthentication caller) {
        Timeline.Page page = customers.timeline(db(caller), id, split(types), split(channels), first, after);
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
        customers.tag(db(caller), id, body.path("tag").asString(null), true, actor(caller));
        return customers.profile(db(caller), id);
    }

    @DeleteMapping("/api/v1/customers/{id}/tags/{tag}")
    ObjectNode untag(@PathVariable String id, @PathVariable String tag, TenantAuthentication caller) {
        customers.tag(db(caller), id, tag, false, actor(caller));
        return customers.profile(db(caller), id);
    }

    /** Body: {@code {"survivor": "...", "merged": "..."}}. */
    @PostMapping(value = "/api/v1/customers/merges", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> merge(@RequestBody JsonNode body, TenantAuthentication caller) {
        String survivor = required(body, "survivor");
        String merged = required(body, "merged");
        return GraphqlCustomerProfiles.mergeView(customers.merges().merge(db(caller), survivor, merged, actor(caller), "by hand"));
    }

    @PostMapping("/api/v1/customers/merges/{mergeId}/undo")
    Map<String, Object> unmerge(@PathVariable String mergeId, TenantAuthentication caller) {
        return GraphqlCustomerProfiles.mergeView(customers.merges().unmerge(db(caller), mergeId, actor(caller)));
    }

    @GetMapping("/api/v1/customers/suggestions")
    JsonNode suggestions(TenantAuthentication caller) {
        return Customer360.views(customers.merges().suggestions(db(caller), null), "customers", "reason", "status", "at");
    }

    @PostMapping("/api/v1/customers/suggestions/{id}/accept")
    Map<String, Object> accept(@PathVariable String id, TenantAuthentication caller) {
        return GraphqlCustomerProfiles.mergeView(customers.merges().accept(db(caller), id, actor(caller)));
    }

    @PostMapping("/api/v1/customers/suggestions/{id}/dismiss")
    ResponseEntity<Void> dismiss(@PathVariable String id, TenantAuthentication caller) {
        customers.merges().dismiss(db(caller), id, actor(caller));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/customers/{id}/export")
    ObjectNode export(@PathVariable String id, TenantAuthentication caller) {
        return customers.privacy().export(db(caller), id, actor(caller));
    }

    @PostMapping("/api/v1/customers/{id}/erase")
    JsonNode erase(@PathVariable String id, TenantAuthentication caller) {
        return JSON.readTree(customers.privacy().erase(db(caller), id, actor(caller)).toJson());
    }

    @GetMapping("/api/v1/customer360/event-types")
    List<Map<String, Object>> eventTypes(TenantAuthentication caller) {
        return customers.eventTypes().all(db(caller)).values().stream()
                .map(d -> Map.<String, Object>of("type", d.type(), "schema", d.schema(), "strict", d.strict())).toList();
    }

    /** Body: {@code {"schema": {...}, "strict": true}}. */
    @PutMapping(value = "/api/v1/customer360/event-types/{type}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> putEventType(@PathVariable String type, @RequestBody JsonNode body, TenantAuthentication caller) {
        var d = customers.eventTypes().put(db(caller), type, body.get("schema"), body.path("strict").asBoolean(false));
        return Map.of("type", d.type(), "schema", d.schema(), "strict", d.strict());
    }

    @GetMapping("/api/v1/customer360/settings")
    Object settings(TenantAuthentication caller) {
        return customers.settings(db(caller));
    }

    @PutMapping(value = "/api/v1/customer360/settings", consumes = MediaType.APPLICATION_JSON_VALUE)
    Object putSettings(@RequestBody JsonNode body, TenantAuthentication caller) {
        io.quanyu.customer360.Customer360Settings changed;
        try {
            changed = JSON.treeToValue(body, io.quanyu.customer360.Customer360Settings.class);
        } catch (RuntimeException e) {
            throw QuanyuException.invalid(List.of(new FieldViolation("", "type", "is not a customer 360 settings document")));
        }
        customers.settings(db(caller), changed);
        return customers.settings(db(caller));
    }

    private static String required(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isString() || v.asString().isBlank()) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/" + field, "required", "is required")));
        }
        return v.asString();
    }
}
