package io.quanyu.plugin.testkit;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Extend this in a plugin's tests to run the platform's contract on the plugin's release zip:
 *
 * <pre>{@code
 * class HelloPluginContractTest extends PluginContractTest {
 *     protected byte[] pluginZip() { return HelloPluginZip.build(); }
 * }
 * }</pre>
 */
public abstract class PluginContractTest {

    /** The release to check, as the marketplace would receive it. */
    protected abstract byte[] pluginZip();

    @Test
    void packageIsAcceptedAndEveryDeclaredExtensionIsBound() {
        report(PluginContract.packageProblems(pluginZip()));
    }

    @Test
    void settingsFormCanBeRendered() {
        List<String> problems = PluginContract.packageProblems(pluginZip());
        if (problems.isEmpty()) {
            var manifest = new io.quanyu.plugin.pkg.PackageReader(io.quanyu.plugin.pkg.PackageLimits.defaults())
                    .read(pluginZip()).manifest();
            problems = PluginContract.settingsProblems(manifest);
        }
        report(problems);
    }

    @Test
    void extensionsCopeWithBadInput() {
        report(PluginContract.behaviourProblems(pluginZip()));
    }

    private static void report(List<String> problems) {
        if (!problems.isEmpty()) {
            fail("the plugin breaks the platform contract:\n - " + String.join("\n - ", problems));
        }
    }
}
