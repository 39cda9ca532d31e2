package io.quanyu.server.plugins;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.plugin.host.Installation;
import io.quanyu.plugin.host.Plugins;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/**
 * The caller's tenant's plugins: list and read (every tenant role), install from the marketplace, enable with
 * settings, change settings, disable, upgrade and uninstall (tenant admins), and run an operation or read a widget
 * (queries for every tenant role, mutations for those who may write data).
 */
@RestController
@RequestMapping("/api/v1/plugins")
class TenantPluginController {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final Plugins plugins;
    private final TenantScope scope;

    TenantPluginController(Plugins plugins, TenantScope scope) {
        this.plugins = plugins;
        this.scope = scope;
    }

    @GetMapping
    List<InstallationView> list(TenantAuthentication caller) {
        return plugins.list(scope.call(caller)).stream().map(i -> view(caller, i)).toList();
    }

    @GetMapping("/{plugin}")
    InstallationView get(@PathVariable String plugin, TenantAuthentication caller) {
        return view(caller, plugins.get(scope.call(caller), plugin));
    }

    /** Body: {@code {"pluginId": "acme-hello", "version": "1.2.0"}}; without a version, the newest compatible. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<InstallationView> install(@RequestBody JsonNode body, TenantAuthentication caller) {
        String pluginId = text(body, "pluginId", true);
        Installation installed = plugins.install(scope.call(caller), pluginId, text(body, "version", false));
        return ResponseEntity.status(HttpStatus.CREATED).body(view(caller, installed));
    }

    /** Body: {@code {"settings": {...}}} (optional); secrets sent as the mask keep their stored value. */
    @PostMapping("/{plugin}/enable")
    InstallationView enable(@PathVariable String plugin, @RequestBody(required = false) JsonNode body, TenantAuthentication caller) {
        Map<String, Object> settings = body == null || !body.has("settings") ? null : settings(body);
        return view(caller, plugins.enable(scope.call(caller), plugin, settings));
    }

    @PostMapping("/{plugin}/disable")
    InstallationView disable(@PathVariable String plugin, TenantAuthentication caller) {
        return view(caller, plugins.disable(scope.call(caller), plugin));
    }

    @PutMapping(value = "/{plugin}/settings", consumes = MediaType.APPLICATION_JSON_VALUE)
    InstallationView settings(@PathVariable String plugin, @RequestBody JsonNode body, TenantAuthentication caller) {
        return view(caller, plugins.saveSettings(scope.call(caller), plugin, settings(body)));
    }

    /** Body: {@code {"version": "2.0.0", "force": false}}; a lower version needs {@code force}. */
    @PostMapping(value = "/{plugin}/upgrade", consumes = MediaType.APPLICATION_JSON_VALUE)
    InstallationView upgrade(@PathVariable String plugin, @RequestBody JsonNode body, TenantAuthentication caller) {
        return view(caller, plugins.upgrade(scope.call(caller), plugin, text(body, "version", true), body.path("force").asBoolean(false)));
    }

    @DeleteMapping("/{plugin}")
    ResponseEntity<Void> uninstall(@PathVariable String plugin, TenantAuthentication caller) {
        plugins.uninstall(scope.call(caller), plugin);
        return ResponseEntity.noContent().build();
    }

    /** Body: {@code {"input": {...}}}; answers the operation's output. */
    @PostMapping("/{plugin}/operations/{operation}")
    Map<String, Object> operation(@PathVariable String plugin, @PathVariable String operation,
                                  @RequestBody(required = false) JsonNode body, TenantAuthentication caller) {
        JsonNode input = body == null ? null : body.get("input");
        Map<String, Object> values = input == null || input.isNull() ? Map.of() : object(input, "/input");
        return plugins.operation(scope.call(caller), plugin, operation, values);
    }

    /** The events the plugin's subscriptions gave up on, oldest first. */
    @GetMapping("/{plugin}/dead-letters")
    List<io.quanyu.plugin.host.FailedEvent> deadLetters(@PathVariable String plugin, TenantAuthentication caller) {
        return plugins.deadLetters(scope.call(caller), plugin);
    }

    /** Hands a dead letter to the plugin again: {@code {"replayed": true}} when it was handled and left the list. */
    @PostMapping("/{plugin}/dead-letters/{id}/replay")
    Map<String, Object> replay(@PathVariable String plugin, @PathVariable String id, TenantAuthentication caller) {
        return Map.of("replayed", plugins.replay(scope.call(caller), plugin, id));
    }

    @GetMapping("/{plugin}/widgets/{widget}")
    Map<String, Object> widget(@PathVariable String plugin, @PathVariable String widget,
                               @RequestParam Map<String, String> parameters, TenantAuthentication caller) {
        return Map.of("rows", plugins.widget(scope.call(caller), plugin, widget, Map.copyOf(parameters)));
    }

    private InstallationView view(TenantAuthentication caller, Installation installation) {
        return InstallationView.of(installation, plugins.manifest(installation),
                plugins.unmetUses(scope.call(caller), installation));
    }

    private static Map<String, Object> settings(JsonNode body) {
        return object(body.get("settings"), "/settings");
    }

    private static Map<String, Object> object(JsonNode node, String pointer) {
        if (node == null || !node.isObject()) {
            throw QuanyuException.invalid(List.of(new FieldViolation(pointer, "type", "must be a JSON object")));
        }
        return JSON.convertValue(node, MAP);
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode value = body == null ? null : body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw QuanyuException.invalid(List.of(new FieldViolation("/" + field, "required", "is required")));
            }
            return null;
        }
        if (!value.isString() || value.stringValue().isBlank()) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/" + field, "type", "must be a non-empty string")));
        }
        return value.stringValue();
    }
}
