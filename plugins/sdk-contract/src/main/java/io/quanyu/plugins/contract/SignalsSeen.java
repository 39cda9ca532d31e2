package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.StoreEntry;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.Map;

/** {@code signalsSeen}: how many signals of a customer the {@link SignalCounter} subscription has received. */
@Extension
public class SignalsSeen implements Operation {

    @Override
    public String name() {
        return "signalsSeen";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        String customer = String.valueOf(request.input().get("customerId"));
        long count = request.context().store().get(SignalCounter.key(customer)).map(StoreEntry::value)
                .map(v -> ((Number) v).longValue()).orElse(0L);
        return OperationResult.ok(Map.of("count", count));
    }
}
