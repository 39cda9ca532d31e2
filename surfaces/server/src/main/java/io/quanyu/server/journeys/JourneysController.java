package io.quanyu.server.journeys;

import io.quanyu.journeys.Journeys;
import io.quanyu.server.objects.TenantScope;
import io.quanyu.server.security.TenantAuthentication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * Journeys over HTTP: drafts saved and checked, published as immutable versions, stopped and started; how many
 * customers are at each node; a customer's journeys and the path they took through one.
 */
@RestController
class JourneysController {
    private final Journeys journeys;
    private final TenantScope scope;

    JourneysController(Journeys journeys, TenantScope scope) {
        this.journeys = journeys;
        this.scope = scope;
    }

    @GetMapping("/api/v1/journeys")
    Map<String, Object> list(TenantAuthentication caller) {
        return Map.of("journeys", journeys.list(scope.call(caller)).stream().map(JourneyViews::journey).toList());
    }

    @GetMapping("/api/v1/journeys/{key}")
    Map<String, Object> get(@PathVariable String key, TenantAuthentication caller) {
        return JourneyViews.journey(journeys.get(scope.call(caller), key));
    }

    /**
     * Body: the definition ({@code names, entry, reentry, exits, goal, start, nodes}); saved as the draft. With
     * {@code If-Match: <revision>} (the {@code revision} the editor read; 0 to create), refused with 409
     * {@code VERSION_CONFLICT} when another save came first.
     */
    @PutMapping(value = "/api/v1/journeys/{key}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> put(@PathVariable String key, @RequestBody JsonNode body,
                            @org.springframework.web.bind.annotation.RequestHeader(value = "If-Match", required = false) String ifMatch,
                            TenantAuthentication caller) {
        return JourneyViews.journey(journeys.put(scope.call(caller), key, body, revision(ifMatch)));
    }

    /** The revision an {@code If-Match} names ({@code 3} or {@code "3"}); null without one. */
    private static Long revision(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String value = ifMatch.strip().replace("\"", "");
        if (!value.matches("\\d{1,18}")) {
            throw io.quanyu.core.error.QuanyuException.invalid(List.of(new io.quanyu.core.error.FieldViolation(
                    "/headers/If-Match", "type", "is the journey's revision, a whole number")));
        }
        return Long.parseLong(value);
    }

    /**
     * Body (optional): {@code {"mode": "drain" | "migrate" | "stop", "mapping": {"<old node>": "<new node>" | null}}};
     * none is a drain. Answers the journey and what the publication did to the customers in older versions.
     */
    @PostMapping("/api/v1/journeys/{key}/publish")
    Map<String, Object> publish(@PathVariable String key, @RequestBody(required = false) JsonNode body,
                                TenantAuthentication caller) {
        return JourneyViews.published(journeys.publish(scope.call(caller), key, body));
    }

    /** What {@code publish} with the same body would do now: per older version and node, who stays, moves or exits. */
    @PostMapping("/api/v1/journeys/{key}/publish/preview")
    Map<String, Object> preview(@PathVariable String key, @RequestBody(required = false) JsonNode body,
                                TenantAuthentication caller) {
        return JourneyViews.plan(journeys.preview(scope.call(caller), key, body));
    }

    @PostMapping("/api/v1/journeys/{key}/stop")
    Map<String, Object> stop(@PathVariable String key, TenantAuthentication caller) {
        return JourneyViews.journey(journeys.stop(scope.call(caller), key));
    }

    @PostMapping("/api/v1/journeys/{key}/start")
    Map<String, Object> start(@PathVariable String key, TenantAuthentication caller) {
        return JourneyViews.journey(journeys.start(scope.call(caller), key));
    }

    /** Per node: customers there now by state ({@code active}, {@code waiting}) and, at the end, by outcome. */
    @GetMapping("/api/v1/journeys/{key}/counts")
    Map<String, Object> counts(@PathVariable String key, TenantAuthentication caller) {
        return Map.of("journey", key, "nodes", journeys.counts(scope.call(caller), key));
    }

    /** The published versions, newest first, each with its definition (the journey's history). */
    @GetMapping("/api/v1/journeys/{key}/versions")
    Map<String, Object> versions(@PathVariable String key, TenantAuthentication caller) {
        return Map.of("journey", key, "versions", journeys.versions(scope.call(caller), key).stream()
                .map(JourneyViews::version).toList());
    }

    /** Per split: each arm's customers, conversions and rate, and the experiment's winner once its rule picked one. */
    @GetMapping("/api/v1/journeys/{key}/experiments")
    Map<String, Object> experiments(@PathVariable String key, TenantAuthentication caller) {
        return Map.of("journey", key, "splits", journeys.experiments(scope.call(caller), key));
    }

    /** Enrollments waiting well past their due time, or running far longer than a run takes (see {@code Journeys.STUCK_AFTER}). */
    @GetMapping("/api/v1/journeys/{key}/stuck")
    Map<String, Object> stuck(@PathVariable String key, @RequestParam(defaultValue = "100") int limit, TenantAuthentication caller) {
        return Map.of("journey", key, "enrollments", journeys.stuck(scope.call(caller), key, limit).stream()
                .map(e -> JourneyViews.enrollment(e, true)).toList());
    }

    /** Enters the customer into a journey whose entry is an API call; answers the enrollment after its first steps. */
    @PostMapping("/api/v1/journeys/{key}/customers/{id}/enter")
    Map<String, Object> enter(@PathVariable String key, @PathVariable String id, TenantAuthentication caller) {
        return JourneyViews.enrollment(journeys.enter(scope.call(caller), key, id), true);
    }

    /**
     * Test mode: body {@code {"customerId": ..., "speed": 60}} runs the draft for that customer with its waits divided
     * by {@code speed}; answers the enrollment of journey {@code <key>~test}, whose path reads as any journey's.
     */
    @PostMapping(value = "/api/v1/journeys/{key}/test", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> test(@PathVariable String key, @RequestBody JsonNode body, TenantAuthentication caller) {
        JsonNode speed = body.get("speed");
        return JourneyViews.enrollment(journeys.test(scope.call(caller), key, body.path("customerId").asString(null),
                speed == null ? 60 : speed.isIntegralNumber() ? speed.asInt() : 0), true);
    }

    /** Body: {@code {"action": "retry" | "skip" | "exit"}}. */
    @PostMapping(value = "/api/v1/journeys/{key}/customers/{id}/repair", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> repair(@PathVariable String key, @PathVariable String id, @RequestBody JsonNode body,
                               TenantAuthentication caller) {
        return JourneyViews.enrollment(journeys.repair(scope.call(caller), key, id, body.path("action").asString("")), true);
    }

    /** The actions and triggers the tenant's enabled plugins offer to journeys, each with its parameters' schema. */
    @GetMapping("/api/v1/journey-plugins")
    Map<String, Object> plugins(TenantAuthentication caller) {
        return JourneyViews.plugins(journeys.pluginSteps(scope.call(caller)));
    }

    /** The secret that signs the tenant's journey webhooks (tenant admins): {@code {"secret": "whsec_..."}}. */
    @GetMapping("/api/v1/journey-settings/webhook-secret")
    Map<String, Object> webhookSecret(TenantAuthentication caller) {
        return Map.of("secret", journeys.webhookSecret(scope.call(caller)));
    }

    /** A new webhook secret, replacing the old one at once (tenant admins): {@code {"secret": "whsec_..."}}. */
    @PostMapping("/api/v1/journey-settings/webhook-secret/rotate")
    Map<String, Object> rotateWebhookSecret(TenantAuthentication caller) {
        return Map.of("secret", journeys.rotateWebhookSecret(scope.call(caller)));
    }

    /** The tenant's settings for all its journeys: {@code {"globalHoldoutPercent": 0..50}}. */
    @GetMapping("/api/v1/journey-settings")
    Map<String, Object> settings(TenantAuthentication caller) {
        return JourneyViews.settings(journeys.settings(scope.call(caller)));
    }

    @PutMapping(value = "/api/v1/journey-settings", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> putSettings(@RequestBody JsonNode body, TenantAuthentication caller) {
        return JourneyViews.settings(journeys.putSettings(scope.call(caller), body));
    }

    @GetMapping("/api/v1/customers/{id}/journeys")
    Map<String, Object> ofCustomer(@PathVariable String id, TenantAuthentication caller) {
        return Map.of("journeys", journeys.ofCustomer(scope.call(caller), id).stream().map(e -> JourneyViews.enrollment(e, false)).toList());
    }

    @GetMapping("/api/v1/journeys/{key}/customers/{id}/path")
    Map<String, Object> path(@PathVariable String key, @PathVariable String id, TenantAuthentication caller) {
        List<Map<String, Object>> steps = journeys.path(scope.call(caller), key, id).stream().map(JourneyViews::step).toList();
        return Map.of("journey", key, "customer", id, "steps", steps);
    }
}
