package io.quanyu.plugins.email;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.channel.DeliveryStatus;

import java.time.Instant;
import java.util.Map;

/**
 * Reports what became of a send to the platform, telling a send the platform does not know
 * ({@code DELIVERY_NOT_FOUND}: another platform's message, one long forgotten) from other failures, which are
 * passed on.
 */
final class DeliveryReports {
    /** The longest text a report's detail carries; a bounce's diagnostic can be long. */
    private static final int MAX_TEXT = 500;

    private DeliveryReports() {
    }

    /** Reports {@code status}; false when the platform knows no send {@code sendId} of this plugin. */
    static boolean report(PluginContext context, String sendId, DeliveryStatus status, Instant at,
                          Map<String, String> detail) {
        Map<String, Object> shortened = new java.util.LinkedHashMap<>();
        detail.forEach((k, v) -> shortened.put(k, v.length() > MAX_TEXT ? v.substring(0, MAX_TEXT) : v));
        try {
            context.deliveries().report(sendId, status, at, shortened);
            return true;
        } catch (PluginException e) {
            if ("DELIVERY_NOT_FOUND".equals(e.code())) {
                return false;
            }
            throw e;
        }
    }
}
