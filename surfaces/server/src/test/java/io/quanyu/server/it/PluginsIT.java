package io.quanyu.server.it;

import io.quanyu.plugin.host.PluginOperations;
import io.quanyu.plugin.testkit.PluginZipBuilder;
import io.quanyu.server.it.plugin.ItPlugins;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin system over HTTP with real tokens: an ISV publishes a signed release of a plugin built with the test
 * kit, a tenant admin installs it from the marketplace, enables it with settings, calls it through GraphQL, upgrades
 * and uninstalls it; another tenant never sees it; faults stay inside the plugin.
 */
class PluginsIT extends RealServersIT {
    static KeyPair key;
    static String isv;
    static String acmeAdmin;
    static String acmeViewer;
    static String globexAdmin;

    @BeforeAll
    static void tokens() {
        key = ItPlugins.newKey();
        isv = Tokens.demo("acmesoft");
        acmeAdmin = Tokens.demo("acme-admin");
        acmeViewer = Tokens.demo("acme-viewer");
        globexAdmin = Tokens.demo("globex-admin");
    }

    static String pluginId() {
        return "it-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private void registerKey() {
        var reply = api().post("/api/v1/marketplace/keys", isv, Api.JSON.writeValueAsString(Map.of("publicKey", ItPlugins.pem(key))));
        assertThat(reply.status()).as(reply.raw()).isIn(201);
    }

    Api.Reply publish(String id, String version) {
        var release = ItPlugins.zip(id, version, "acmesoft").buildSigned(key.getPrivate());
        return api().multipart("/api/v1/marketplace/releases", isv, Map.of("package", release.zip(),
                "signature", java.util.Base64.getEncoder().encode(release.signature())));
    }

    Api.Reply graphql(String token, String query) {
        return api().post("/graphql", token, Api.JSON.writeValueAsString(Map.of("query", query)));
    }

    /** The operation's GraphQL root field (the naming rule itself is checked in plugin-host's PluginSchemaTest). */
    static String field(String id, String operation) {
        return PluginOperations.fieldName(id, operation);
    }

    @Test
    void aSampleIsvPluginGoesFromPublishToUninstallForOneTenantOnly() {
        registerKey();
        String id = pluginId();
        assertThat(publish(id, "1.0.0").status()).isEqualTo(201);
        var listing = api().get("/api/v1/marketplace/plugins?q=" + java.net.URLEncoder.encode("你好", java.nio.charset.StandardCharsets.UTF_8), acmeAdmin);
        assertThat(listing.raw()).contains(id);
        assertThat(api().get("/api/v1/marketplace/plugins.json", acmeAdmin).raw()).contains(id).contains("sha512sum");

        assertThat(api().post("/api/v1/plugins", acmeViewer, "{\"pluginId\": \"" + id + "\"}").status()).isEqualTo(403);
        var installed = api().post("/api/v1/plugins", acmeAdmin, "{\"pluginId\": \"" + id + "\"}");
        assertThat(installed.status()).as(installed.raw()).isEqualTo(201);
        assertThat(installed.json().path("enabled").asBoolean()).isFalse();
        assertThat(api().get("/api/v1/tenant", acmeAdmin).json().path("usage").path("pluginsInstalled").asLong()).isPositive();

        var refused = api().post("/api/v1/plugins/" + id + "/enable", acmeAdmin, "{\"settings\": {\"apiKey\": \"wrong\"}}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("PLUGIN_ACTIVATION_REFUSED");
        var enabled = api().post("/api/v1/plugins/" + id + "/enable", acmeAdmin,
                "{\"settings\": {\"apiKey\": \"k-1\", \"greeting\": \"您好\"}}");
        assertThat(enabled.status()).as(enabled.raw()).isEqualTo(200);
        assertThat(enabled.json().path("settings").path("apiKey").asString()).isEqualTo("********");

        String mutation = "mutation { " + field(id, "greet") + "(input: {name: \"李雷\"}) }";
        var greeted = graphql(acmeAdmin, mutation);
        assertThat(greeted.json().path("data").path(field(id, "greet")).path("message").asString())
                .isEqualTo("您好, 李雷 from 1.0.0 for acme");
        assertThat(graphql(globexAdmin, mutation).raw()).contains("errors").doesNotContain("您好");
        assertThat(api().get("/api/v1/records/" + id.replace("-", "") + "Card", acmeAdmin).raw()).contains("李雷");

        assertThat(publish(id, "2.0.0").status()).isEqualTo(201);
        var upgraded = api().post("/api/v1/plugins/" + id + "/upgrade", acmeAdmin, "{\"version\": \"2.0.0\"}");
        assertThat(upgraded.status()).as(upgraded.raw()).isEqualTo(200);
        assertThat(graphql(acmeAdmin, mutation).raw()).contains("from 2.0.0");
        var downgrade = api().post("/api/v1/plugins/" + id + "/upgrade", acmeAdmin, "{\"version\": \"1.0.0\"}");
        assertThat(downgrade.code()).isEqualTo("PLUGIN_DOWNGRADE_REFUSED");

        assertThat(api().delete("/api/v1/plugins/" + id, acmeAdmin).status()).isEqualTo(204);
        assertThat(graphql(acmeAdmin, mutation).raw()).contains("errors").doesNotContain("from 2.0.0");
        assertThat(api().get("/api/v1/metadata/objects/" + id.replace("-", "") + "Card", acmeAdmin).status()).isEqualTo(200);
    }

    @Test
    void badReleasesAreRefusedOverHttpAndNothingIsListed() {
        registerKey();
        String id = pluginId();
        byte[] zip = ItPlugins.zip(id, "1.0.0", "acmesoft").build();
        var unsigned = api().multipart("/api/v1/marketplace/releases", isv, Map.of("package", zip));
        assertThat(unsigned.code()).isEqualTo("PLUGIN_SIGNATURE_MISSING");
        var forged = api().multipart("/api/v1/marketplace/releases", isv, Map.of("package", zip,
                "signature", PluginZipBuilder.sign(zip, ItPlugins.newKey().getPrivate())));
        assertThat(forged.code()).isEqualTo("PLUGIN_SIGNATURE_INVALID");
        byte[] slip = ItPlugins.zip(id, "1.0.0", "acmesoft").entry("classes/../../evil.sh", new byte[]{1}).build();
        var slipped = api().multipart("/api/v1/marketplace/releases", isv, Map.of("package", slip,
                "signature", PluginZipBuilder.sign(slip, key.getPrivate())));
        assertThat(slipped.status()).isEqualTo(400);
        assertThat(slipped.code()).isEqualTo("PLUGIN_PACKAGE_UNSAFE_ENTRY");
        var tenantPublishing = api().multipart("/api/v1/marketplace/releases", acmeAdmin, Map.of("package", zip,
                "signature", PluginZipBuilder.sign(zip, key.getPrivate())));
        assertThat(tenantPublishing.status()).isEqualTo(403);
        var huge = api().multipart("/api/v1/marketplace/releases", isv, Map.of("package", new byte[22 * 1024 * 1024]));
        assertThat(huge.status()).isEqualTo(413);
        assertThat(api().get("/api/v1/marketplace/plugins?q=" + id, acmeAdmin).json().size()).isZero();
        assertThat(api().post("/api/v1/plugins", acmeAdmin, "{\"pluginId\": \"" + id + "\"}").code()).isEqualTo("PLUGIN_NOT_FOUND");
    }

    @Test
    void pluginFaultsCarryCodesWhileOtherTenantsAndTheServerGoOn() {
        registerKey();
        String id = pluginId();
        publish(id, "1.0.0");
        api().post("/api/v1/plugins", acmeAdmin, "{\"pluginId\": \"" + id + "\"}");
        api().post("/api/v1/plugins/" + id + "/enable", acmeAdmin, "{\"settings\": {\"apiKey\": \"k\"}}");
        String q = field(id, "misbehave");
        var thrown = graphql(acmeViewer, "{ " + q + "(input: {how: \"throw\"}) }");
        assertThat(thrown.json().path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("PLUGIN_FAILED");
        assertThat(thrown.raw()).contains(id).doesNotContain("secret internals").doesNotContain("IllegalStateException");
        var garbage = graphql(acmeViewer, "{ " + q + "(input: {how: \"garbage\"}) }");
        assertThat(garbage.json().path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("PLUGIN_BAD_RESULT");
        var badInput = graphql(acmeViewer, "{ " + q + "(input: {how: 7}) }");
        assertThat(badInput.json().path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("PLUGIN_INPUT_INVALID");
        assertThat(graphql(globexAdmin, "{ _objects { apiName } }").status()).isEqualTo(200);
        assertThat(api().get("/actuator/health/liveness", null).raw()).contains("UP");
    }

    @Test
    void webhooksAnswerOnlyForTenantsThatEnabledThePlugin() {
        registerKey();
        String id = pluginId();
        publish(id, "1.0.0");
        api().post("/api/v1/plugins", acmeAdmin, "{\"pluginId\": \"" + id + "\"}");
        api().post("/api/v1/plugins/" + id + "/enable", acmeAdmin, "{\"settings\": {\"apiKey\": \"k-hook\"}}");
        var ok = api().post("/hooks/acme/" + id + "/callback/extra?x=1", null, "<xml/>", "X-Token", "k-hook",
                "Content-Type", "application/xml");
        assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
        assertThat(ok.raw()).isEqualTo("{\"tenant\":\"acme\",\"subPath\":\"/extra\",\"query\":\"{x=[1]}\",\"body\":\"<xml/>\"}");
        var form = api().post("/hooks/acme/" + id + "/callback?x=1&x=%E4%BD%A0", null, "status=DELIVRD&msgid=42",
                "X-Token", "k-hook", "Content-Type", "application/x-www-form-urlencoded");
        assertThat(form.raw()).as("a form-encoded body reaches the plugin as sent, its fields not taken as the query")
                .isEqualTo("{\"tenant\":\"acme\",\"subPath\":\"\",\"query\":\"{x=[1, 你]}\",\"body\":\"status=DELIVRD&msgid=42\"}");
        assertThat(api().post("/hooks/acme/" + id + "/callback", null, "x", "X-Token", "nope").status()).isEqualTo(401);
        assertThat(api().post("/hooks/globex/" + id + "/callback", null, "x").code()).isEqualTo("WEBHOOK_NOT_FOUND");
        assertThat(api().post("/hooks/nosuchtenant/" + id + "/callback", null, "x").status()).isEqualTo(404);
        assertThat(api().post("/hooks/acme/" + id + "/nothere", null, "x").status()).isEqualTo(404);
    }
}
