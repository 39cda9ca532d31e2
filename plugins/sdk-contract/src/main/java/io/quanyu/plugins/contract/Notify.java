package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.channel.Delivery;
import io.quanyu.plugin.sdk.channel.SendRequest;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sends a template to a customer through the platform's delivery service, as a feature plugin notifies a member. */
@Extension
public class Notify implements Operation {

    @Override
    public String name() {
        return "notify";
    }

    @Override
    @SuppressWarnings("unchecked")
    public OperationResult handle(OperationRequest request) {
        Map<String, Object> in = request.input();
        Delivery d = request.context().deliveries().send(new SendRequest(String.valueOf(in.get("customerId")),
                (List<String>) in.get("channels"), String.valueOf(in.get("template")),
                (Map<String, Object>) in.getOrDefault("variables", Map.of()),
                (String) in.getOrDefault("purpose", SendRequest.MARKETING), String.valueOf(in.get("key"))));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sendId", d.sendId());
        out.put("status", d.status());
        out.put("duplicate", d.duplicate());
        if (d.channel() != null) {
            out.put("channel", d.channel());
        }
        if (d.reason() != null) {
            out.put("reason", d.reason());
        }
        return OperationResult.ok(out);
    }
}
