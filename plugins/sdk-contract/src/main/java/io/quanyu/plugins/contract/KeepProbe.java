package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.Map;

/** {@code keepProbe}: cancels a probe's pending expiry (task cancellation); answers whether there was one. */
@Extension
public class KeepProbe implements Operation {

    @Override
    public String name() {
        return "keepProbe";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        boolean kept = request.context().tasks().cancel(ExpireProbe.NAME, String.valueOf(request.input().get("id")));
        return OperationResult.ok(Map.of("kept", kept));
    }
}
