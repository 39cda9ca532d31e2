package io.quanyu.plugin.runtime;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.channel.Deliveries;
import io.quanyu.plugin.sdk.channel.DeliveryStatus;
import io.quanyu.plugin.sdk.channel.SendRequest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rules of a plugin's sends and reports that the platform and the test kit share: a send's key is the plugin's
 * own ({@code plugin:<id>:<key>}, so two plugins, or a plugin and a journey, never share one), a report names a send
 * id and a status, and its detail is a few plain values.
 */
public final class DeliveryRules {
    private static final int MAX_DETAIL_TEXT = 1000;

    private DeliveryRules() {
    }

    /** The request with its key in the plugin's own namespace. */
    public static SendRequest send(SendRequest request, String pluginId) {
        if (request == null) {
            throw new PluginException(ErrorCode.REQUEST_VALIDATION_FAILED.name(), "the send request is null");
        }
        return new SendRequest(request.customerId(), request.channels(), request.template(), request.variables(),
                request.purpose(), "plugin:" + pluginId + ":" + request.key());
    }

    public static void report(String sendId, DeliveryStatus status, Instant at) {
        if (sendId == null || !io.quanyu.core.messaging.SendIds.PATTERN.matcher(sendId).matches()) {
            throw new PluginException(ErrorCode.DELIVERY_NOT_FOUND.name(), "there is no delivery " + sendId);
        }
        if (status == null || at == null) {
            throw new PluginException(ErrorCode.REQUEST_VALIDATION_FAILED.name(), "a report names a status and a time");
        }
    }

    /** A plain copy of a report's detail: at most {@value Deliveries#MAX_DETAIL_ENTRIES} strings, numbers or booleans. */
    public static Map<String, Object> detail(Map<String, Object> detail) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (detail == null) {
            return out;
        }
        if (detail.size() > Deliveries.MAX_DETAIL_ENTRIES) {
            throw new PluginException(ErrorCode.REQUEST_VALIDATION_FAILED.name(),
                    "a report's detail has at most " + Deliveries.MAX_DETAIL_ENTRIES + " entries");
        }
        detail.forEach((k, v) -> {
            if (k == null || !(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                throw new PluginException(ErrorCode.REQUEST_VALIDATION_FAILED.name(),
                        "a report's detail holds strings, numbers or booleans (" + k + ")");
            }
            out.put(k, v instanceof String s && s.length() > MAX_DETAIL_TEXT ? s.substring(0, MAX_DETAIL_TEXT) : v);
        });
        return out;
    }
}
