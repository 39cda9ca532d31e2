package io.quanyu.bench;

import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.Map;

/** The one extension of the benchmark's plugin releases: answers its input's {@code text}. */
@Extension
public class EchoOperation implements Operation {

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        return OperationResult.ok(Map.of("text", String.valueOf(request.input().get("text"))));
    }
}
