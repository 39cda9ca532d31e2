package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.StoreEntry;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.Map;

/**
 * {@code signalsSeen}: how many signals of a customer the {@link SignalCounter} subscription has received, and how
 * many knocks the filtered {@link KnockCounter} subscription has.
 */
@Extension
public class SignalsSeen implements Operation {

    @Override
    public String name() {
        return "signalsSeen";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        String customer = String.valueOf(request.input().get("customerId"));
        return OperationResult.ok(Map.of("count", count(request, SignalCounter.key(customer)),
                "knocks", count(request, KnockCounter.key(customer))));
    }

    private static long count(OperationRequest request, String key) {
        return request.context().store().get(key).map(StoreEntry::value).map(v -> ((Number) v).longValue()).orElse(0L);
    }
}
