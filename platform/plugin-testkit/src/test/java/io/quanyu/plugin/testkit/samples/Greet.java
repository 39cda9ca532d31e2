package io.quanyu.plugin.testkit.samples;

import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.Map;

/** A well-behaved operation: greets with the tenant's configured greeting and keeps a card per greeting. */
@Extension
public class Greet implements Operation {
    @Override
    public String name() {
        return "greet";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        String name = String.valueOf(request.input().get("name"));
        if (name.isBlank()) {
            return OperationResult.refused("NAME_BLANK", "a name is needed");
        }
        String greeting = request.context().settings().text("greeting").orElse("Hello");
        request.context().records().create("hello_card", Map.of("to", name));
        request.context().log().info("greeted {}", name);
        return OperationResult.ok(Map.of("message", greeting + ", " + name + " (" + request.context().tenant() + ")"));
    }
}
