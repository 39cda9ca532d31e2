package io.quanyu.plugin.runtime;

import io.quanyu.core.error.QuanyuException;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.Tasks;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * What {@link Tasks} accepts, one rule for the platform and the test kit: task keys, and payloads that are JSON
 * objects of at most {@value Tasks#MAX_PAYLOAD_BYTES} bytes (copied, so nothing of the plugin's classes is kept).
 */
public final class TaskRules {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:/@-]{1," + Tasks.MAX_KEY_LENGTH + "}");

    private TaskRules() {
    }

    /** {@code key}, if it is a valid task key. */
    public static String key(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw invalid("a task key has 1 to " + Tasks.MAX_KEY_LENGTH + " letters, digits and . _ : / @ -");
        }
        return key;
    }

    /** A plain copy of {@code payload}, if it is a small JSON object. */
    public static Map<String, Object> payload(Map<String, Object> payload) {
        Map<String, Object> copy;
        try {
            copy = JsonValues.copyObject(payload == null ? Map.of() : payload, "task", "task");
        } catch (QuanyuException e) {
            throw invalid("the payload is not a JSON object: " + e.details().get("reason"));
        }
        int size = StoreRules.json(copy).length;
        if (size > Tasks.MAX_PAYLOAD_BYTES) {
            throw invalid("the payload is " + size + " bytes as JSON, at most " + Tasks.MAX_PAYLOAD_BYTES);
        }
        return copy;
    }

    /** The refusal of a bad task. */
    public static PluginException invalid(String reason) {
        return new PluginException("TASK_INVALID", reason);
    }

    /** The refusal of a handler the manifest does not declare. */
    public static PluginException unknownHandler(String handler) {
        return new PluginException("TASK_HANDLER_UNKNOWN", "the manifest declares no task " + handler);
    }
}
