package com.example.hello;

import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.Map;

/** The {@code greet} operation: answers {@code {"message": "<greeting>, <name>"}} with the tenant's greeting. */
@Extension
public class GreetOperation implements Operation {
    static final String DEFAULT_GREETING = "Hello";

    @Override
    public String name() {
        return "greet";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        String name = String.valueOf(request.input().get("name")).strip();
        if (name.isEmpty()) {
            return OperationResult.refused("NAME_BLANK", "a name is needed");
        }
        String greeting = request.context().settings().text("greeting").orElse(DEFAULT_GREETING);
        request.context().log().info("greeting {}", name);
        return OperationResult.ok(Map.of("message", greeting + ", " + name));
    }
}
