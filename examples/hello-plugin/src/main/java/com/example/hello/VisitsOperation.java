package com.example.hello;

import io.quanyu.plugin.sdk.StoreEntry;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.Map;

/** The {@code visits} operation: how many shop visits of a customer the {@link VisitCounter} has counted. */
@Extension
public class VisitsOperation implements Operation {

    static String key(String customerId) {
        return "visits:" + customerId;
    }

    @Override
    public String name() {
        return "visits";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        String customer = String.valueOf(request.input().get("customerId"));
        long visits = request.context().store().get(key(customer)).map(StoreEntry::value)
                .map(v -> ((Number) v).longValue()).orElse(0L);
        return OperationResult.ok(Map.of("visits", visits));
    }
}
