package io.quanyu.plugin.testkit;

import io.quanyu.plugin.testkit.samples.SamplePlugins;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample plugin passes the contract an ISV's test would run; a faulty one is caught. */
class HelloPluginContractTest extends PluginContractTest {

    @Override
    protected byte[] pluginZip() {
        return SamplePlugins.hello("1.0.0");
    }

    @Test
    void theContractCatchesPluginsThatCrashOnBadInput() {
        assertThat(PluginContract.verify(SamplePlugins.faulty()))
                .anySatisfy(p -> assertThat(p).startsWith("operation boom").contains("PLUGIN_FAILED"))
                .anySatisfy(p -> assertThat(p).startsWith("operation garbage").contains("PLUGIN_BAD_RESULT"));
    }

    @Test
    void theContractCatchesSettingsTheFormCannotRender() {
        String manifest = SamplePlugins.manifest("acme-hello", "1.0.0", SamplePlugins.operation("greet"))
                .replace("\"title\": \"Greeting\"", "\"minLength\": 1")
                .replace("\"type\": \"string\", \"title\": \"API key\"", "\"type\": \"integer\", \"title\": \"API key\"");
        byte[] zip = PluginZipBuilder.create().manifest(manifest)
                .extension(io.quanyu.plugin.testkit.samples.Greet.class).build();
        assertThat(PluginContract.verify(zip)).containsExactlyInAnyOrder(
                "setting 'greeting' has no title for the settings form",
                "secret setting 'apiKey' must be of type string");
    }
}
