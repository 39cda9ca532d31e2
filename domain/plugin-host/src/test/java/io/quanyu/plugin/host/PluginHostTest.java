package io.quanyu.plugin.host;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.plugin.host.sample.HelloRelease;
import io.quanyu.plugin.runtime.CallScope;
import io.quanyu.plugin.runtime.PluginKey;
import io.quanyu.plugin.testkit.PluginZipBuilder;
import io.quanyu.testfixtures.InJvmMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PluginHostTest {
    static InJvmMongo server;
    static MongoClient client;
    static KeyPair isvKey;
    Node one;
    Node two;
    TenantId acme;
    TenantId globex;
    String platformDb;

    @BeforeAll
    static void start() throws Exception {
        server = InJvmMongo.start();
        client = MongoClients.create(server.connectionString());
        isvKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @BeforeEach
    void nodes() throws Exception {
        String platform = "platform" + UUID.randomUUID().toString().substring(0, 8);
        platformDb = platform;
        one = new Node(client, platform, "one");
        two = new Node(client, platform, "two");
        acme = new TenantId("acme" + UUID.randomUUID().toString().replace("-", "").substring(0, 8));
        globex = new TenantId("globex" + UUID.randomUUID().toString().replace("-", "").substring(0, 8));
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(isvKey.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        one.marketplace.registerKey("acmesoft", pem);
        publish("1.0.0");
        publish("2.0.0");
    }

    @AfterEach
    void close() {
        one.close();
        two.close();
    }

    private void publish(String version) {
        PluginZipBuilder.SignedRelease release = HelloRelease.zip(version).buildSigned(isvKey.getPrivate());
        one.marketplace.publish("acmesoft", release.zip(), release.signature(), false);
    }

    private Map<String, Object> greet(Node node, TenantId tenant) {
        return node.calls.operation(new CallScope(tenant, "tester", null), "acme-hello", "greet", Map.of("name", "Li"));
    }

    private void installAndEnable(Node node, TenantId tenant, String version, Map<String, Object> settings) {
        node.plugins.install(node.database(tenant), Quotas.DEFAULT, "admin", "acme-hello", version);
        node.plugins.enable(node.database(tenant), Quotas.DEFAULT, "admin", "acme-hello", settings);
    }

    @Test
    void installedOnOneNodeIsServedByTheOtherAndOnlyForTheTenantThatEnabledIt() {
        installAndEnable(one, acme, "1.0.0", Map.of("greeting", "您好", "apiKey", "k-123"));
        two.sync.tick();
        assertThat(two.runtime.loadedKeys()).containsExactly(new PluginKey("acme-hello", "1.0.0"));
        assertThat(greet(two, acme)).containsEntry("message", "您好, Li from 1.0.0 (keyed)");
        assertThatThrownBy(() -> greet(two, globex)).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_NOT_ENABLED));
        assertThat(one.records.query(one.database(globex), "customer", new io.quanyu.records.RecordQuery(null,
                List.of(), 10, null, false)).totalCount()).isZero();
    }

    @Test
    void eventsAPluginEmitsJoinTheCustomer360AndItFindsTheCustomerByIdentity() {
        installAndEnable(one, acme, "1.0.0", Map.of("apiKey", "k"));
        String customer = (String) greet(one, acme).get("customer");
        assertThat(customer).isNotEqualTo("none");
        var profile = new io.quanyu.customer360.Customer360(one.metadata, one.records, java.time.Clock.systemUTC())
                .profile(one.database(acme), customer);
        assertThat(profile.path("aggregates").path("counts").path("hello__greeted").asLong()).isEqualTo(1);
        assertThat(profile.path("identities").get(0).path("value").asString()).isEqualTo("hello-Li");
    }

    @Test
    void secretsAreEncryptedAtRestMaskedToReadersAndKeptWhenTheMaskComesBack() {
        installAndEnable(one, acme, null, Map.of("apiKey", "k-secret-1"));
        Document raw = client.getDatabase(platformDb).getCollection("plugin_installations")
                .find(Filters.eq("tenant", acme.value())).first();
        assertThat(raw.toJson()).doesNotContain("k-secret-1");
        assertThat(raw.get("secrets", Document.class).getString("apiKey")).startsWith("v1:");
        Installation saved = one.plugins.saveSettings(one.database(acme), "admin", "acme-hello",
                Map.of("apiKey", PluginSettings.MASK, "greeting", "Hi"));
        assertThat(PluginSettings.masked(saved)).containsEntry("apiKey", PluginSettings.MASK).containsEntry("greeting", "Hi");
        assertThat(greet(one, acme)).containsEntry("message", "Hi, Li from 2.0.0 (keyed)");
    }

    @Test
    void badSettingsAndVetoedSettingsChangeNothing() {
        one.plugins.install(one.database(acme), Quotas.DEFAULT, "admin", "acme-hello", "1.0.0");
        assertThatThrownBy(() -> one.plugins.enable(one.database(acme), Quotas.DEFAULT, "admin", "acme-hello",
                Map.of("greeting", 5))).isInstanceOfSatisfying(QuanyuException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_SETTINGS_INVALID);
            assertThat(e.violations()).extracting(v -> v.pointer()).contains("/settings/greeting", "/settings/apiKey");
        });
        assertThatThrownBy(() -> one.plugins.enable(one.database(acme), Quotas.DEFAULT, "admin", "acme-hello",
                Map.of("apiKey", "wrong"))).isInstanceOfSatisfying(QuanyuException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_ACTIVATION_REFUSED);
            assertThat(e.details()).containsEntry("pluginCode", "CREDENTIALS_REJECTED");
        });
        Installation after = one.plugins.get(acme, "acme-hello");
        assertThat(after.enabled()).isFalse();
        assertThat(after.secrets()).isEmpty();
        assertThat(one.metadata.find(one.database(acme), "acmehelloCard")).isEmpty();
    }

    @Test
    void contributedObjectsAreInstalledOnEnableAndKeptWhenDisabledOrUninstalled() {
        installAndEnable(one, acme, "1.0.0", Map.of("apiKey", "k"));
        greet(one, acme);
        one.plugins.disable(one.database(acme), "admin", "acme-hello");
        one.enabled.forget(acme);
        assertThatThrownBy(() -> greet(one, acme)).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_NOT_ENABLED));
        one.plugins.uninstall(one.database(acme), "admin", "acme-hello");
        assertThat(one.metadata.find(one.database(acme), "acmehelloCard")).isPresent();
        assertThat(one.records.query(one.database(acme), "acmehelloCard", new io.quanyu.records.RecordQuery(null,
                List.of(), 10, null, false)).totalCount()).isEqualTo(1);
        assertThat(one.runtime.loadedKeys()).isEmpty();
    }

    @Test
    void upgradesDowngradesOnlyWhenForcedAndUnloadsReleasesNobodyUses() {
        installAndEnable(one, acme, "1.0.0", Map.of("apiKey", "k"));
        installAndEnable(one, globex, "1.0.0", Map.of("apiKey", "k"));
        one.plugins.upgrade(one.database(acme), Quotas.DEFAULT, "admin", "acme-hello", "2.0.0", false);
        one.enabled.forget(acme);
        assertThat(greet(one, acme).get("message")).asString().contains("from 2.0.0");
        assertThat(greet(one, globex).get("message")).asString().contains("from 1.0.0");
        assertThatThrownBy(() -> one.plugins.upgrade(one.database(acme), Quotas.DEFAULT, "admin", "acme-hello", "1.0.0", false))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_DOWNGRADE_REFUSED));
        one.plugins.upgrade(one.database(globex), Quotas.DEFAULT, "admin", "acme-hello", "2.0.0", false);
        assertThat(one.runtime.loadedKeys()).containsExactly(new PluginKey("acme-hello", "2.0.0"));
        one.plugins.upgrade(one.database(acme), Quotas.DEFAULT, "admin", "acme-hello", "1.0.0", true);
        two.sync.tick();
        assertThat(two.runtime.loadedKeys()).containsExactlyInAnyOrder(new PluginKey("acme-hello", "1.0.0"),
                new PluginKey("acme-hello", "2.0.0"));
    }

    @Test
    void aTenantCannotInstallMorePluginsThanItsQuotaNorAYankedRelease() {
        Quotas one1 = new Quotas(1_000, 100, 0, 50, 200);
        assertThatThrownBy(() -> one.plugins.install(one.database(acme), one1, "admin", "acme-hello", null))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED));
        one.marketplace.yank("acmesoft", "acme-hello", "2.0.0");
        assertThatThrownBy(() -> one.plugins.install(one.database(acme), Quotas.DEFAULT, "admin", "acme-hello", "2.0.0"))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_RELEASE_YANKED));
        assertThat(one.plugins.install(one.database(acme), Quotas.DEFAULT, "admin", "acme-hello", null).version()).isEqualTo("1.0.0");
        assertThatThrownBy(() -> one.plugins.install(one.database(acme), Quotas.DEFAULT, "admin", "acme-hello", null))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_ALREADY_INSTALLED));
    }

    @Test
    void aDueJobRunsOnceAcrossNodes() {
        installAndEnable(one, acme, "1.0.0", Map.of("apiKey", "k"));
        greet(one, acme);
        int scheduled = one.jobs.sweep() + two.jobs.sweep();
        assertThat(scheduled).isEqualTo(1);
        assertThat(one.jobs.sweep() + two.jobs.sweep()).isZero();
        one.scheduler.start();
        two.scheduler.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> runs(acme) == 1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> runs(acme) == 1);
        assertThat(jobRun(acme).getString("lastOutcome")).isEqualTo("1 cards");
    }

    private long runs(TenantId tenant) {
        Document run = jobRun(tenant);
        return run == null ? 0 : run.get("runs", 0L);
    }

    private Document jobRun(TenantId tenant) {
        return client.getDatabase(platformDb).getCollection("plugin_job_runs")
                .find(Filters.eq("_id", tenant.value() + ":acme-hello:tally")).first();
    }

    @Test
    void webhooksReachOnlyTenantsThatEnabledThePlugin() {
        installAndEnable(one, acme, "1.0.0", Map.of("apiKey", "k-hook"));
        var request = new PluginCalls.Request("POST", "", Map.of("x-token", List.of("k-hook")), Map.of(),
                "hi".getBytes(StandardCharsets.UTF_8), "c1", "127.0.0.1");
        var answer = two.calls.webhook(acme, "acme-hello", "callback", request);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("ok " + acme + " hi");
        assertThat(two.calls.webhook(acme, "acme-hello", "callback", new PluginCalls.Request("POST", "", Map.of(),
                Map.of(), new byte[0], "c2", "127.0.0.1")).status()).isEqualTo(401);
        assertThatThrownBy(() -> two.calls.webhook(globex, "acme-hello", "callback", request))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.WEBHOOK_NOT_FOUND));
    }
}
