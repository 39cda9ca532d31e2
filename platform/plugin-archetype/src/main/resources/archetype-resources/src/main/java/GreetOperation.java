package ${package};

import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.Map;

/** {@code greet}: the tenant's greeting (its setting {@code greeting}) and the name; a blank name is refused. */
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
        return OperationResult.ok(Map.of("message", greeting + ", " + name));
    }
}
