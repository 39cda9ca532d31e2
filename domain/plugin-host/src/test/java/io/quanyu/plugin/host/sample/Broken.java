package io.quanyu.plugin.host.sample;

import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.Map;

/** Extensions that pass every check of the zip but cannot be loaded. */
public final class Broken {
    private Broken() {
    }

    /** Named like the sample's operation, but its constructor throws. */
    @Extension
    public static class ThrowingGreet implements Operation {
        public ThrowingGreet() {
            throw new IllegalStateException("no config");
        }

        public String name() {
            return "greet";
        }

        public OperationResult handle(OperationRequest request) {
            return OperationResult.ok(Map.of());
        }
    }

    /** Reaches for a platform class while being created: plugins cannot see it, so it does not link. */
    @Extension
    public static class PlatformGreet implements Operation {
        private final Object platform = io.quanyu.core.tenant.TenantId.PLATFORM;

        public String name() {
            return "greet";
        }

        public OperationResult handle(OperationRequest request) {
            return OperationResult.ok(Map.of("message", String.valueOf(platform)));
        }
    }

    /** A second operation the manifest does not declare. */
    @Extension
    public static class Extra implements Operation {
        public String name() {
            return "extra";
        }

        public OperationResult handle(OperationRequest request) {
            return OperationResult.ok(Map.of());
        }
    }
}
