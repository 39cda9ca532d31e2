package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.Tracked;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code recordProbe}: stores an {@code sdkcontractProbe} record (records), and when a phone is given, tracks a
 * {@code sdkcontract.signal} event for that phone and answers the customer it belongs to, found or created
 * (events). The label defaults to the tenant's setting (settings). A phone gets at most {@code maxPerMinute}
 * probes a minute, counted in the plugin's store (store). A probe given {@code expiresInSeconds} is deleted then by
 * the {@link ExpireProbe} task (tasks), unless {@code keepProbe} cancels it.
 */
@Extension
public class RecordProbe implements Operation {
    static final String OBJECT = "sdkcontractProbe";
    static final String EVENT = "sdkcontract.signal";

    @Override
    public String name() {
        return "recordProbe";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        PluginContext context = request.context();
        String label = text(request.input().get("label"))
                .orElseGet(() -> context.settings().text("label").orElse("probe"));
        String phone = text(request.input().get("phone")).orElse(null);
        if (phone != null && tooFast(context, phone)) {
            return OperationResult.refused("PROBE_RATE_LIMITED", "at most " + maxPerMinute(context)
                    + " probes a minute for one phone");
        }
        // The event first: when the platform refuses the phone, no probe is left behind.
        String eventId = "probe-" + UUID.randomUUID();
        Tracked tracked = phone == null ? null : context.events().track(new Event(eventId, EVENT, Instant.now(),
                List.of(Identity.of("phone", phone)), "api", Map.of("label", label)));
        Map<String, Object> values = new HashMap<>();
        values.put("label", label);
        if (tracked != null) {
            values.put("phone", phone);
            values.put("eventId", eventId);
        }
        Map<String, Object> probe = context.records().create(OBJECT, values);
        if (request.input().get("expiresInSeconds") instanceof Number seconds) {
            context.tasks().schedule(ExpireProbe.NAME, String.valueOf(probe.get("_id")),
                    Instant.now().plusSeconds(seconds.longValue()), Map.of("label", label));
        }
        Map<String, Object> out = new HashMap<>();
        out.put("id", probe.get("_id"));
        out.put("label", label);
        out.put("customerId", tracked == null ? null : tracked.customerId());
        context.log().info("probe {} recorded", probe.get("_id"));
        return OperationResult.ok(out);
    }

    /**
     * A velocity counter in the plugin's store, per phone as written (its digits): the first probe starts a
     * one-minute window (the counter's time to live), the ones after it count in it.
     */
    private static boolean tooFast(PluginContext context, String phone) {
        String key = "rate:" + phone.replaceAll("[^0-9]", "");
        return context.store().increment(key, 1, Duration.ofMinutes(1)) > maxPerMinute(context);
    }

    private static long maxPerMinute(PluginContext context) {
        return context.settings().get("maxPerMinute").map(v -> ((Number) v).longValue()).orElse(5L);
    }

    static java.util.Optional<String> text(Object value) {
        return value instanceof String s && !s.isBlank() ? java.util.Optional.of(s.strip()) : java.util.Optional.empty();
    }
}
