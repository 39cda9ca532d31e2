package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.Customers;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code member}: makes a customer a member of a tier through the customer 360 (a tag and the plugin's own facts),
 * then reads the profile and asks the condition language whether the customer is a member of that tier with at
 * least {@code minVisits} signals, answering the verdict with its reasons.
 */
@Extension
public class Member implements Operation {
    static final String TAG = "sdk-member";

    @Override
    public String name() {
        return "member";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        Customers customers = request.context().customers();
        String customer = String.valueOf(request.input().get("customerId"));
        Object tier = request.input().get("tier");
        var profile = customers.profile(customer);
        if (profile.isEmpty()) {
            return OperationResult.refused("NO_SUCH_CUSTOMER", "there is no customer " + customer);
        }
        customers.tag(profile.get().id(), TAG, true);
        customers.putFacts(profile.get().id(), Map.of("tier", tier, "tiers", List.of("basic", tier)));
        Customers.Match match = customers.matches(customer, Map.of("all", List.of(
                Map.of("field", "plugins." + request.context().pluginId() + ".tier", "op", "eq", "value", tier),
                Map.of("field", "tags", "op", "contains", "value", TAG),
                Map.of("field", "aggregates.counts." + RecordProbe.EVENT.replace(".", "__"), "op", "gte",
                        "value", request.input().getOrDefault("minVisits", 1)))));
        Customers.Match onWeekend = customers.matches(customer, Map.of("all", List.of(
                Map.of("field", "plugins." + request.context().pluginId() + ".tier", "op", "eq", "value", tier),
                Map.of("field", "event.weekday", "op", "in", "value", List.of(6, 7)))),
                Map.of("weekday", request.input().getOrDefault("weekday", 1)));
        Customers.Profile after = customers.profile(customer).orElseThrow();
        Map<String, Object> out = new HashMap<>();
        out.put("customerId", after.id());
        out.put("matched", match.matched());
        out.put("explanation", match.explanation());
        out.put("explanationZhCN", match.explanationZhCN());
        out.put("onWeekend", onWeekend.matched());
        out.put("tags", after.tags());
        out.put("identities", after.identities().stream().map(i -> i.type() + ":" + i.value()).toList());
        out.put("facts", after.facts().get("plugins"));
        return OperationResult.ok(out);
    }
}
