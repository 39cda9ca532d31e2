package io.quanyu.plugin.testkit.samples;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.HashMap;
import java.util.Map;

/** Operations that misbehave in every way a plugin can, to prove the host survives them. */
public final class Faults {
    private Faults() {
    }

    @Extension
    public static class Boom implements Operation {
        public String name() {
            return "boom";
        }

        public OperationResult handle(OperationRequest request) {
            throw new IllegalStateException("kaboom with a secret stack trace");
        }
    }

    /** Schedules a task with a handler its manifest does not declare. */
    @Extension
    public static class UndeclaredTask implements Operation {
        public String name() {
            return "undeclaredTask";
        }

        public OperationResult handle(OperationRequest request) {
            request.context().tasks().schedule("nope", "k", java.time.Instant.now(), Map.of());
            return OperationResult.ok(Map.of("message", "scheduled"));
        }
    }

    /** Asks for the public URL of a webhook its manifest does not declare. */
    @Extension
    public static class UndeclaredUrl implements Operation {
        public String name() {
            return "undeclaredUrl";
        }

        public OperationResult handle(OperationRequest request) {
            return OperationResult.ok(Map.of("message", request.context().publicUrl("nope/x")));
        }
    }

    /** Ignores interrupts for two seconds, then gives up (so the test's threads end). */
    @Extension
    public static class Hang implements Operation {
        public String name() {
            return "hang";
        }

        public OperationResult handle(OperationRequest request) {
            long until = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
                Thread.interrupted();
            }
            return OperationResult.ok(Map.of());
        }
    }

    @Extension
    public static class Garbage implements Operation {
        public String name() {
            return "garbage";
        }

        public OperationResult handle(OperationRequest request) {
            Map<String, Object> out = new HashMap<>();
            out.put("message", new Object());
            return OperationResult.ok(out);
        }
    }

    @Extension
    public static class WrongShape implements Operation {
        public String name() {
            return "wrongShape";
        }

        public OperationResult handle(OperationRequest request) {
            return OperationResult.ok(Map.of("message", 42));
        }
    }

    @Extension
    public static class Flood implements Operation {
        public String name() {
            return "flood";
        }

        public OperationResult handle(OperationRequest request) {
            for (int i = 0; i < 100_000; i++) {
                request.context().log().error("flooding line {}", i);
            }
            return OperationResult.ok(Map.of("message", "done"));
        }
    }

    /** Keeps the context beyond its call and tries to use it in the next call. */
    @Extension
    public static class Escape implements Operation {
        private static PluginContext kept;

        public String name() {
            return "escape";
        }

        public OperationResult handle(OperationRequest request) {
            PluginContext previous = kept;
            kept = request.context();
            if (previous != null) {
                previous.records().create("hello_card", Map.of("to", "smuggled"));
            }
            return OperationResult.ok(Map.of("message", "kept"));
        }
    }
}
