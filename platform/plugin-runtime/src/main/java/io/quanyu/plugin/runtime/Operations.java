package io.quanyu.plugin.runtime;

import com.networknt.schema.Schema;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.schema.JsonSchemas;
import io.quanyu.plugin.pkg.OperationSpec;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs plugin operations the way every caller (GraphQL, the builder, the test kit) gets them: the input is checked
 * against the operation's input schema before the plugin sees it, the plugin runs isolated, a refusal becomes
 * {@code PLUGIN_OPERATION_FAILED} with the plugin's own code, and the output must be a JSON object valid against
 * the output schema, or the caller gets {@code PLUGIN_BAD_RESULT}.
 */
public final class Operations {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final PluginRuntime runtime;

    public Operations(PluginRuntime runtime) {
        this.runtime = runtime;
    }

    /** The operation's declaration in a loaded release. */
    public Optional<OperationSpec> spec(PluginKey key, String name) {
        return runtime.loaded(key).flatMap(p -> p.manifest().operations().stream()
                .filter(o -> o.name().equals(name)).findFirst());
    }

    public Map<String, Object> invoke(PluginKey key, String name, CallScope scope, Map<String, Object> input) {
        OperationSpec spec = spec(key, name).orElseThrow(() -> new QuanyuException(ErrorCode.PLUGIN_OPERATION_NOT_FOUND,
                Map.of("plugin", key.id(), "version", key.version(), "operation", name)));
        String call = "operation " + name;
        check(spec.input(), JSON.valueToTree(input), ErrorCode.PLUGIN_INPUT_INVALID, key, call, "/input");
        Map<String, Object> output = runtime.call(key, ExtensionKind.OPERATION, name, scope, call,
                (Operation operation, io.quanyu.plugin.sdk.PluginContext context) ->
                        answer(key, call, operation.handle(new OperationRequest(context, input))));
        check(spec.output(), JSON.valueToTree(output), ErrorCode.PLUGIN_BAD_RESULT, key, call, "/output");
        return output;
    }

    /** Runs inside the isolated call: turns the plugin's answer into platform values or a refusal. */
    private static Map<String, Object> answer(PluginKey key, String call, OperationResult result) {
        if (result == null) {
            throw JsonValues.bad(key.id(), call, "the operation returned nothing");
        }
        if (result.failure() != null) {
            throw new QuanyuException(ErrorCode.PLUGIN_OPERATION_FAILED, Map.of("plugin", key.id(), "call", call,
                    "reason", result.failure().message(), "pluginCode", result.failure().code()));
        }
        return JsonValues.copyObject(result.output(), key.id(), call);
    }

    private void check(JsonNode schema, JsonNode value, ErrorCode code, PluginKey key, String call, String base) {
        Schema compiled = runtime.loaded(key).map(p -> p.schema(schema)).orElseGet(() -> JsonSchemas.compile(schema));
        List<FieldViolation> violations = JsonSchemas.violations(compiled, value, base);
        if (!violations.isEmpty()) {
            Map<String, Object> details = code == ErrorCode.PLUGIN_BAD_RESULT
                    ? Map.of("plugin", key.id(), "call", call, "reason", "the output does not match its schema")
                    : Map.of("plugin", key.id(), "call", call);
            throw new QuanyuException(code, details, violations, null);
        }
    }
}
