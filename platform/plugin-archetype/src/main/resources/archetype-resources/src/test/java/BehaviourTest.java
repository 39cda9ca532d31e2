#set( $prefix = $pluginId.replace("-", "") )
package ${package};

import io.quanyu.plugin.sdk.PluginCallException;
import io.quanyu.plugin.testkit.Installed;
import io.quanyu.plugin.testkit.TestHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static ${package}.PluginZip.PLUGIN_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The plugin as tenants see it, run by the platform's runtime on in-memory services. */
class BehaviourTest {
    private TestHost host;
    private Installed plugin;

    @BeforeEach
    void install() {
        host = TestHost.start();
        plugin = host.install(PluginZip.build());
    }

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void greetsWithTheTenantsGreeting() {
        host.services().settings("acme", PLUGIN_ID, Map.of("greeting", "Ni hao"));

        assertEquals(Map.of("message", "Ni hao, Li"), host.operation(plugin, "acme", "greet", Map.of("name", "Li")));
        assertEquals(Map.of("message", "Hello, Li"), host.operation(plugin, "globex", "greet", Map.of("name", "Li")));
    }

    @Test
    void refusesABlankNameWithItsOwnCodeAndAMissingOneWithThePlatformsCode() {
        PluginCallException blank = assertThrows(PluginCallException.class,
                () -> host.operation(plugin, "acme", "greet", Map.of("name", " ")));
        assertEquals("NAME_BLANK", blank.pluginCode());

        PluginCallException missing = assertThrows(PluginCallException.class,
                () -> host.operation(plugin, "acme", "greet", Map.of()));
        assertEquals("PLUGIN_INPUT_INVALID", missing.code());
    }

    @Test
    void keepsANoteOncePerKey() {
        Map<String, Object> first = host.operation(plugin, "acme", "addNote", Map.of("key", "n-1", "text", "first"));
        Map<String, Object> again = host.operation(plugin, "acme", "addNote", Map.of("key", "n-1", "text", "again"));

        assertEquals(true, first.get("created"));
        assertEquals(false, again.get("created"));
        assertEquals(first.get("id"), again.get("id"));
        assertEquals(1, host.services().records("acme", "${prefix}Note").size());
        assertEquals(0, host.services().records("globex", "${prefix}Note").size());
    }
}
