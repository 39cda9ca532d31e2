package io.quanyu.plugin.testkit;

import io.quanyu.core.tenant.TenantId;
import io.quanyu.plugin.pkg.PackageLimits;
import io.quanyu.plugin.pkg.PackageReader;
import io.quanyu.plugin.pkg.PluginPackage;
import io.quanyu.plugin.runtime.CallScope;
import io.quanyu.plugin.runtime.ExtensionKind;
import io.quanyu.plugin.runtime.Operations;
import io.quanyu.plugin.runtime.PluginKey;
import io.quanyu.plugin.runtime.PluginLimits;
import io.quanyu.plugin.runtime.PluginRuntime;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.TenantActivation;
import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The platform's plugin runtime with in-memory services, for plugin tests: install a zip exactly as the platform
 * would (same package checks, same PF4J loading, same isolation and timeouts), then call its extensions for any
 * tenant and look at the records, events and settings they touched.
 */
public final class TestHost implements AutoCloseable {
    private final Path workDir;
    private final InMemoryServices services = new InMemoryServices();
    private final PluginRuntime runtime;
    private final Operations operations;
    private final PackageReader reader = new PackageReader(PackageLimits.defaults());

    private TestHost(PluginLimits limits) {
        try {
            this.workDir = Files.createTempDirectory("quanyu-testhost");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.runtime = new PluginRuntime(workDir, limits, services);
        this.operations = new Operations(runtime);
    }

    /** A host with the platform's default limits. */
    public static TestHost start() {
        return new TestHost(PluginLimits.defaults());
    }

    /** A host with other limits (a short timeout to test hangs, a small bulkhead). */
    public static TestHost start(PluginLimits limits) {
        return new TestHost(limits);
    }

    /** Checks and loads a release; throws the platform's {@code QuanyuException} when it is refused. */
    public PluginKey install(byte[] zip) {
        PluginPackage pkg = reader.read(zip);
        return runtime.load(pkg).key();
    }

    public void uninstall(PluginKey key) {
        runtime.unload(key);
    }

    /** Runs an operation for a tenant, with the same input and output checks as GraphQL. */
    public Map<String, Object> operation(PluginKey key, String tenant, String name, Map<String, Object> input) {
        return operations.invoke(key, name, scope(tenant), input);
    }

    /** Calls any extension for a tenant, isolated as on the platform. */
    public <E, R> R call(PluginKey key, String tenant, ExtensionKind kind, String name, BiFunction<E, PluginContext, R> body) {
        return runtime.call(key, kind, name, scope(tenant), kind.label() + " " + name, body);
    }

    /**
     * Calls the webhook at {@code path} as the platform does for {@code /hooks/{tenant}/{plugin}/{path}[/subPath]}:
     * header names in any case, no query.
     */
    public WebhookResponse webhook(PluginKey key, String tenant, String method, String path,
                                   Map<String, String> headers, byte[] body) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((name, value) -> multi.put(name.toLowerCase(Locale.ROOT), List.of(value)));
        return call(key, tenant, ExtensionKind.WEBHOOK, path, (WebhookHandler hook, PluginContext context) ->
                hook.handle(new WebhookRequest(context, method, "", multi, Map.of(), body)));
    }

    /** Asks the plugin whether it may be enabled for a tenant, as enabling it in the builder does. */
    public TenantActivation.Decision activate(PluginKey key, String tenant) {
        return call(key, tenant, ExtensionKind.ACTIVATION, "",
                (TenantActivation activation, PluginContext context) -> activation.activate(context));
    }

    /** The in-memory records, events and settings. */
    public InMemoryServices services() {
        return services;
    }

    public PluginRuntime runtime() {
        return runtime;
    }

    private static CallScope scope(String tenant) {
        return new CallScope(new TenantId(tenant), "test", "test-" + System.nanoTime());
    }

    @Override
    public void close() {
        runtime.close();
        if (!Files.exists(workDir)) {
            return;
        }
        try (var paths = Files.walk(workDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
