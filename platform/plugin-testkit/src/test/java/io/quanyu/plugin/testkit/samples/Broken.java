package io.quanyu.plugin.testkit.samples;

import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.Map;

/** Extensions that cannot be bound. */
public final class Broken {
    private Broken() {
    }

    @Extension
    public static class ThrowsInConstructor implements Operation {
        public ThrowsInConstructor() {
            throw new IllegalStateException("cannot start");
        }

        public String name() {
            return "greet";
        }

        public OperationResult handle(OperationRequest request) {
            return OperationResult.ok(Map.of());
        }
    }

    @Extension
    public static class Undeclared implements Operation {
        public String name() {
            return "undeclared";
        }

        public OperationResult handle(OperationRequest request) {
            return OperationResult.ok(Map.of());
        }
    }

    /** Uses a platform class that plugins must not see. */
    @Extension
    public static class ReachesIntoThePlatform implements Operation {
        public String name() {
            return "greet";
        }

        public OperationResult handle(OperationRequest request) {
            return OperationResult.ok(Map.of("message", io.quanyu.core.tenant.TenantId.PLATFORM.value()));
        }
    }
}
