package io.quanyu.server.messaging;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.messaging.ChannelDirectory;
import io.quanyu.messaging.Delivery;
import io.quanyu.messaging.Messaging;
import io.quanyu.messaging.SendCommand;
import io.quanyu.messaging.Template;
import io.quanyu.server.objects.TenantScope;
import io.quanyu.server.security.TenantAuthentication;
import org.springframework.http.HttpStatus;
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
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Messaging over HTTP: the tenant's connected channels, message templates with preview, messaging settings, sends
 * (one delivery service for every surface), the delivery log, and customers' consent per channel.
 */
@RestController
class MessagingController {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final Messaging messaging;
    private final io.quanyu.messaging.Broadcasts broadcasts;
    private final TenantScope scope;

    MessagingController(Messaging messaging, io.quanyu.messaging.Broadcasts broadcasts, TenantScope scope) {
        this.messaging = messaging;
        this.broadcasts = broadcasts;
        this.scope = scope;
    }

    @GetMapping("/api/v1/messaging/channels")
    Map<String, Object> channels(TenantAuthentication caller) {
        return Map.of("channels", messaging.channels(scope.call(caller)).stream().map(MessagingController::channel).toList());
    }

    private static Map<String, Object> channel(ChannelDirectory.Channel c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", c.name());
        out.put("plugin", c.plugin());
        out.put("identityTypes", c.identityTypes());
        if (c.window() != null) {
            out.put("window", Map.of("hours", c.window().span().toHours(), "maxMessages", c.window().maxMessages(),
                    "interactionChannel", c.window().interactionChannel(), "reason", c.window().reason()));
        }
        return out;
    }

    @GetMapping("/api/v1/messaging/templates")
    Map<String, Object> templates(TenantAuthentication caller) {
        return Map.of("templates", messaging.templates(scope.call(caller)));
    }

    @GetMapping("/api/v1/messaging/templates/{name}")
    Template template(@PathVariable String name, TenantAuthentication caller) {
        return messaging.template(scope.call(caller), name);
    }

    /** Body: {@code {"description": "...", "channels": {"email": {"zh-CN": {...}, "en": {...}}, "sms": {...}}}}. */
    @PutMapping(value = "/api/v1/messaging/templates/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Template putTemplate(@PathVariable String name, @RequestBody JsonNode body, TenantAuthentication caller) {
        return messaging.putTemplate(scope.call(caller), name, body);
    }

    @DeleteMapping("/api/v1/messaging/templates/{name}")
    ResponseEntity<Void> deleteTemplate(@PathVariable String name, TenantAuthentication caller) {
        messaging.deleteTemplate(scope.call(caller), name);
        return ResponseEntity.noContent().build();
    }

    /** Body: {@code {"customerId": "...", "variables": {...}}}; answers the content per channel. */
    @PostMapping(value = "/api/v1/messaging/templates/{name}/preview", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> preview(@PathVariable String name, @RequestBody JsonNode body, TenantAuthentication caller) {
        JsonNode vars = body.path("variables");
        if (!body.path("customerId").isString() || !(vars.isMissingNode() || vars.isObject())) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/customerId", "required",
                    "names the customer to render for; variables, if given, is an object")));
        }
        return Map.of("channels", messaging.preview(scope.call(caller), name, body.path("customerId").asString(),
                vars.isObject() ? JSON.convertValue(vars, MAP) : Map.of()));
    }

    @GetMapping("/api/v1/messaging/settings")
    ObjectNode settings(TenantAuthentication caller) {
        return messaging.settings(scope.call(caller)).toJson();
    }

    @PutMapping(value = "/api/v1/messaging/settings", consumes = MediaType.APPLICATION_JSON_VALUE)
    ObjectNode putSettings(@RequestBody JsonNode body, TenantAuthentication caller) {
        return messaging.putSettings(scope.call(caller), body).toJson();
    }

    /**
     * Body: {@code {"customerId", "channels": ["email", "sms"], "template", "variables", "purpose", "key"}}; answers
     * 201 with the delivery, or 200 with the first delivery of the key ({@code duplicate: true}).
     */
    @PostMapping(value = "/api/v1/messaging/sends", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Delivery> send(@RequestBody JsonNode body, TenantAuthentication caller) {
        Delivery d = messaging.send(scope.call(caller), SendCommand.parse(body));
        return ResponseEntity.status(d.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).body(d);
    }

    /**
     * Body: {@code {"segment", "channels", "template", "variables", "purpose", "key"}}: the template to every member
     * of the segment, each through the delivery service; 201 when started, 200 for a repeat of the key.
     */
    @PostMapping(value = "/api/v1/messaging/broadcasts", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<io.quanyu.messaging.Broadcasts.Broadcast> broadcast(@RequestBody JsonNode body, TenantAuthentication caller) {
        var started = broadcasts.start(scope.call(caller), io.quanyu.messaging.Broadcasts.parse(body));
        return ResponseEntity.status(started.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).body(started);
    }

    @GetMapping("/api/v1/messaging/broadcasts")
    Map<String, Object> broadcasts(@RequestParam(defaultValue = "50") int first, TenantAuthentication caller) {
        return Map.of("broadcasts", broadcasts.list(scope.call(caller), first));
    }

    @GetMapping("/api/v1/messaging/broadcasts/{id}")
    io.quanyu.messaging.Broadcasts.Broadcast broadcast(@PathVariable String id, TenantAuthentication caller) {
        return broadcasts.get(scope.call(caller), id);
    }

    @GetMapping("/api/v1/messaging/deliveries")
    ObjectNode deliveries(@RequestParam(required = false) String customerId, @RequestParam(required = false) String status,
                          @RequestParam(required = false) String channel, @RequestParam(required = false) String template,
                          @RequestParam(required = false) String since, @RequestParam(required = false) String until,
                          @RequestParam(defaultValue = "50") int first, @RequestParam(required = false) String after,
                          TenantAuthentication caller) {
        return messaging.deliveries(scope.call(caller), customerId, status, channel, template, instant(since, "since"),
                instant(until, "until"), first, after);
    }

    private static Instant instant(String text, String name) {
        try {
            return text == null || text.isBlank() ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/" + name, "format", "is an instant such as 2026-06-01T00:00:00Z")));
        }
    }

    @GetMapping("/api/v1/messaging/deliveries/{sendId}")
    ObjectNode delivery(@PathVariable String sendId, TenantAuthentication caller) {
        return messaging.delivery(scope.call(caller), sendId);
    }

    @GetMapping("/api/v1/customers/{id}/consent")
    Map<String, Object> consents(@PathVariable String id, TenantAuthentication caller) {
        return Map.of("consent", messaging.consents(scope.call(caller), id).stream().map(MessagingController::consent).toList());
    }

    /** Body: {@code {"granted": true, "source": "signed up at the store"}}. */
    @PutMapping(value = "/api/v1/customers/{id}/consent/{channel}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> putConsent(@PathVariable String id, @PathVariable String channel, @RequestBody JsonNode body,
                                   TenantAuthentication caller) {
        if (!body.path("granted").isBoolean()) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/granted", "required", "is true or false")));
        }
        CallContext call = scope.call(caller);
        return Map.of("consent", messaging.putConsent(call, id, channel, body.path("granted").asBoolean(),
                body.path("source").asString(null)).stream().map(MessagingController::consent).toList());
    }

    private static Map<String, Object> consent(io.quanyu.messaging.Consents.Consent c) {
        return Map.of("channel", c.channel(), "type", c.address().type(), "value", c.address().value(),
                "state", c.state().name().toLowerCase(java.util.Locale.ROOT), "at", c.at().toString(), "source", c.source());
    }
}
