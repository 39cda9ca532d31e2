package io.quanyu.plugin.testkit;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.plugin.sdk.PluginCallException;
import io.quanyu.plugin.testkit.samples.Broken;
import io.quanyu.plugin.testkit.samples.Greet;
import io.quanyu.plugin.testkit.samples.SamplePlugins;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PluginLifecycleTest {

    @Test
    void twoVersionsRunSideBySideAndUnloadIndependently() {
        try (TestHost host = TestHost.start()) {
            Installed v1 = host.install(SamplePlugins.hello("1.0.0"));
            Installed v2 = host.install(SamplePlugins.hello("2.0.0"));
            assertThat(host.runtime().loadedKeys()).containsExactlyInAnyOrder(v1.key(), v2.key());
            host.uninstall(v1);
            assertThat(host.operation(v2, "acme", "greet", Map.of("name", "Li"))).containsKey("message");
            assertThatThrownBy(() -> host.operation(v1, "acme", "greet", Map.of("name", "Li")))
                    .isInstanceOf(PluginCallException.class);
        }
    }

    @Test
    void hundredInstallUninstallCyclesLeaveNoClassLoaderBehind() {
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        try (TestHost host = TestHost.start()) {
            byte[] zip = SamplePlugins.hello("1.0.0");
            for (int i = 0; i < 100; i++) {
                Installed key = host.install(zip);
                host.operation(key, "acme", "greet", Map.of("name", "cycle " + i));
                loaders.add(host.runtime().classLoaderReference(key.key()).orElseThrow());
                host.uninstall(key);
            }
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            System.gc();
            return loaders.stream().allMatch(ref -> ref.get() == null);
        });
    }

    @Test
    void refusesAnExtensionWhoseConstructorThrows() {
        byte[] zip = PluginZipBuilder.create().manifest(SamplePlugins.manifest("acme-hello", "1.0.0",
                SamplePlugins.operation("greet"))).extension(Broken.ThrowsInConstructor.class).build();
        assertLoadRefused(zip, ErrorCode.PLUGIN_LOAD_FAILED, "constructor");
    }

    @Test
    void refusesAnExtensionClassThatIsNotInThePackage() {
        byte[] zip = PluginZipBuilder.create().manifest(SamplePlugins.manifest("acme-hello", "1.0.0",
                SamplePlugins.operation("greet"))).extension(Greet.class).extensionName("com.acme.Missing").build();
        assertLoadRefused(zip, ErrorCode.PLUGIN_LOAD_FAILED, "com.acme.Missing");
    }

    @Test
    void refusesAPluginThatReachesForPlatformClasses() {
        byte[] zip = PluginZipBuilder.create().manifest(SamplePlugins.manifest("acme-hello", "1.0.0",
                SamplePlugins.operation("greet"))).extension(Broken.ReachesIntoThePlatform.class).build();
        try (TestHost host = TestHost.start()) {
            Installed key = host.install(zip);
            assertThatThrownBy(() -> host.operation(key, "acme", "greet", Map.of("name", "Li")))
                    .isInstanceOfSatisfying(PluginCallException.class, e -> assertThat(e.code()).isEqualTo("PLUGIN_FAILED"));
        }
    }

    @Test
    void refusesADeclaredOperationWithoutAnExtension() {
        byte[] zip = PluginZipBuilder.create().manifest(SamplePlugins.manifest("acme-hello", "1.0.0",
                SamplePlugins.operation("greet") + "," + SamplePlugins.operation("wave"))).extension(Greet.class).build();
        assertLoadRefused(zip, ErrorCode.PLUGIN_EXTENSION_MISSING, "wave");
    }

    @Test
    void refusesAnExtensionTheManifestDoesNotDeclare() {
        byte[] zip = PluginZipBuilder.create().manifest(SamplePlugins.manifest("acme-hello", "1.0.0",
                SamplePlugins.operation("greet"))).extension(Greet.class).extension(Broken.Undeclared.class).build();
        assertLoadRefused(zip, ErrorCode.PLUGIN_LOAD_FAILED, "undeclared");
    }

    private static void assertLoadRefused(byte[] zip, ErrorCode code, String mentioned) {
        try (TestHost host = TestHost.start()) {
            assertThatThrownBy(() -> host.install(zip)).isInstanceOfSatisfying(PluginCallException.class, e -> {
                assertThat(e.code()).isEqualTo(code.name());
                assertThat(e.getMessage()).contains(mentioned);
            });
            assertThat(host.runtime().loadedKeys()).isEmpty();
        }
    }
}
