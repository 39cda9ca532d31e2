package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code recordProbe}: stores an {@code sdkcontractProbe} record (records), and when a phone is given, emits a
 * {@code sdkcontract.signal} event for that phone (events) and answers the id of the customer the phone already
 * belongs to (customers). The label defaults to the tenant's setting (settings).
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
        Map<String, Object> values = new HashMap<>();
        values.put("label", label);
        if (phone != null) {
            values.put("phone", phone);
        }
        Map<String, Object> probe = context.records().create(OBJECT, values);
        Map<String, Object> out = new HashMap<>();
        out.put("id", probe.get("_id"));
        out.put("label", label);
        out.put("customerId", null);
        if (phone != null) {
            context.events().emit(new Event("probe-" + probe.get("_id"), EVENT, Instant.now(),
                    Map.of("phone", phone), Map.of("label", label)));
            context.customers().findByIdentity("phone", phone).ifPresent(c -> out.put("customerId", c.get("_id")));
        }
        context.log().info("probe {} recorded", probe.get("_id"));
        return OperationResult.ok(out);
    }

    static java.util.Optional<String> text(Object value) {
        return value instanceof String s && !s.isBlank() ? java.util.Optional.of(s.strip()) : java.util.Optional.empty();
    }
}
