package io.quanyu.marketplace;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.plugin.pkg.PackageLimits;
import io.quanyu.plugin.pkg.PackageReader;
import io.quanyu.plugin.pkg.TestPlugins;
import io.quanyu.plugin.pkg.TestZip;
import io.quanyu.testfixtures.InJvmMongo;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The marketplace against a MongoDB wire server, through the official driver. */
class MarketplaceTest {
    private static final Instant NOW = Instant.parse("2026-11-24T08:30:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static InJvmMongo server;
    private static MongoClient client;
    private static KeyPair acme;
    private static KeyPair other;

    private MongoDatabase db;
    private Marketplace marketplace;

    @BeforeAll
    static void start() throws Exception {
        server = InJvmMongo.start();
        client = MongoClients.create(server.connectionString());
        acme = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @BeforeEach
    void freshDatabase() {
        db = client.getDatabase("mp" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        marketplace = new Marketplace(db, new PackageReader(PackageLimits.defaults()), Clock.fixed(NOW, ZoneOffset.UTC));
        marketplace.registerKey("acmesoft", pem(acme));
        marketplace.registerKey("othersoft", pem(other));
    }

    static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature signer = Signature.getInstance(key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "Ed25519");
            signer.initSign(key);
            signer.update(data);
            return signer.sign();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Release publish(String publisher, KeyPair key, byte[] zip, boolean force) {
        return marketplace.publish(publisher, zip, sign(key.getPrivate(), zip), force);
    }

    private Release publish(String id, String version) {
        return publish("acmesoft", acme, TestPlugins.release(id, version, "acmesoft"), false);
    }

    /** What a refused publish must leave unchanged: releases, zips and plugin ownership. */
    private List<Long> stored() {
        return List.of(db.getCollection("mp_releases").countDocuments(), db.getCollection("mp_plugins").countDocuments(),
                db.getCollection("mp_packages.files").countDocuments(), db.getCollection("mp_packages.chunks").countDocuments());
    }

    private QuanyuException refused(ErrorCode code, Callable<?> publish) {
        List<Long> before = stored();
        QuanyuException e = catchThrowableOfType(QuanyuException.class, publish::call);
        assertThat(e).as("expected %s", code).isNotNull();
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(stored()).as("nothing stored").isEqualTo(before);
        return e;
    }

    static Stream<Arguments> badPackages() {
        ObjectNode noId = TestPlugins.manifest();
        noId.remove("id");
        ObjectNode badSettings = TestPlugins.manifest();
        badSettings.putObject("settings").put("type", "object").putObject("properties").putObject("a").put("type", "strnig");
        byte[] valid = TestPlugins.zip().bytes();
        byte[] dups = TestPlugins.zip().with("classes/dup1.class", "a").with("classes/dup2.class", "b").bytes();
        return Stream.of(
                bad("corrupt zip", () -> "PK\u0003\u0004 not really".getBytes(), ErrorCode.PLUGIN_PACKAGE_CORRUPT),
                bad("truncated zip", () -> Arrays.copyOf(valid, valid.length - 40), ErrorCode.PLUGIN_PACKAGE_CORRUPT),
                bad("zip-slip ../ entry", () -> TestPlugins.zip().with("classes/../../x.sh", "x").bytes(), ErrorCode.PLUGIN_PACKAGE_UNSAFE_ENTRY),
                bad("absolute path entry", () -> TestPlugins.zip().with("/etc/passwd", "x").bytes(), ErrorCode.PLUGIN_PACKAGE_UNSAFE_ENTRY),
                bad("backslash entry", () -> TestPlugins.zip().with("classes\\a.class", "x").bytes(), ErrorCode.PLUGIN_PACKAGE_UNSAFE_ENTRY),
                bad("duplicate entry", () -> TestZip.replaceAll(dups, "classes/dup2.class", "classes/dup1.class"), ErrorCode.PLUGIN_PACKAGE_UNSAFE_ENTRY),
                bad("unknown top-level folder", () -> TestPlugins.zip().with("web/index.html", "x").bytes(), ErrorCode.PLUGIN_PACKAGE_LAYOUT_INVALID),
                bad("missing manifest", () -> TestPlugins.zip().without(TestPlugins.MANIFEST).bytes(), ErrorCode.PLUGIN_MANIFEST_MISSING),
                bad("manifest not JSON", () -> TestPlugins.zip().with(TestPlugins.MANIFEST, "id: acme").bytes(), ErrorCode.PLUGIN_MANIFEST_INVALID),
                bad("manifest without id", () -> TestPlugins.zip(noId).bytes(), ErrorCode.PLUGIN_MANIFEST_INVALID),
                bad("bad version", () -> TestPlugins.zip(TestPlugins.manifest().put("version", "v1")).bytes(), ErrorCode.PLUGIN_MANIFEST_INVALID),
                bad("SDK range >=2.0.0", () -> TestPlugins.zip(TestPlugins.manifest().put("requires", ">=2.0.0")).bytes(), ErrorCode.PLUGIN_SDK_INCOMPATIBLE),
                bad("invalid settings schema", () -> TestPlugins.zip(badSettings).bytes(), ErrorCode.PLUGIN_MANIFEST_INVALID),
                bad("oversized package", () -> new byte[21 * 1024 * 1024], ErrorCode.PLUGIN_PACKAGE_TOO_LARGE),
                bad("zip bomb", () -> TestPlugins.zip().with("classes/zeros.bin", new byte[30 * 1024 * 1024]).bytes(), ErrorCode.PLUGIN_PACKAGE_TOO_LARGE),
                bad("lib jar not a zip", () -> TestPlugins.zip().with("lib/util.jar", "text").bytes(), ErrorCode.PLUGIN_PACKAGE_LAYOUT_INVALID),
                bad("bundled SDK jar", () -> TestPlugins.zip().with("lib/quanyu-plugin-sdk-1.0.0.jar", TestPlugins.jar()).bytes(), ErrorCode.PLUGIN_PACKAGE_LAYOUT_INVALID),
                bad("declared object file missing", () -> TestPlugins.zip().without(TestPlugins.OBJECT).bytes(), ErrorCode.PLUGIN_MANIFEST_INVALID),
                bad("wrong provider", () -> TestPlugins.zip(TestPlugins.manifest().put("provider", "othersoft")).bytes(), ErrorCode.PLUGIN_PROVIDER_MISMATCH));
    }

    private static Arguments bad(String label, Supplier<byte[]> zip, ErrorCode code) {
        return Arguments.of(label, zip, code);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPackages")
    void refusesABadPackageAndStoresNothing(String label, Supplier<byte[]> zip, ErrorCode code) {
        publish("acme-hello", "0.9.0");
        byte[] bytes = zip.get();
        refused(code, () -> publish("acmesoft", acme, bytes, true));
        assertThat(marketplace.releases("acme-hello")).extracting(Release::version).containsExactly("0.9.0");
    }

    @Test
    void publishesAValidReleaseAndServesItBack() {
        byte[] zip = TestPlugins.zip().bytes();
        Release release = publish("acmesoft", acme, zip, false);
        assertThat(release.pluginId()).isEqualTo("acme-hello");
        assertThat(release.version()).isEqualTo("1.2.0");
        assertThat(release.requires()).isEqualTo(">=1.0.0 & <2.0.0");
        assertThat(release.size()).isEqualTo(zip.length);
        assertThat(release.publishedAt()).isEqualTo(NOW);
        assertThat(release.keyId()).isEqualTo(marketplace.keys("acmesoft").getFirst().keyId());
        assertThat(JSON.readTree(release.manifest()).path("name").path("zh-CN").asString()).isEqualTo("你好");
        assertThat(marketplace.release("acme-hello", "1.2.0")).isEqualTo(release);
        assertThat(marketplace.download("acme-hello", "1.2.0")).isEqualTo(zip);
        assertThat(stored()).containsExactly(1L, 1L, 1L, 1L);
    }

    @Test
    void refusesAnUnsignedRelease() {
        byte[] zip = TestPlugins.zip().bytes();
        refused(ErrorCode.PLUGIN_SIGNATURE_MISSING, () -> marketplace.publish("acmesoft", zip, new byte[0], false));
        refused(ErrorCode.PLUGIN_SIGNATURE_MISSING, () -> marketplace.publish("acmesoft", zip, null, false));
    }

    @Test
    void refusesABadSignature() {
        byte[] zip = TestPlugins.zip().bytes();
        byte[] signature = sign(acme.getPrivate(), zip);
        signature[5] ^= 1;
        refused(ErrorCode.PLUGIN_SIGNATURE_INVALID, () -> marketplace.publish("acmesoft", zip, signature, false));
        byte[] otherZip = TestPlugins.zip().with("classes/x.txt", "x").bytes();
        refused(ErrorCode.PLUGIN_SIGNATURE_INVALID, () -> marketplace.publish("acmesoft", zip, sign(acme.getPrivate(), otherZip), false));
    }

    @Test
    void refusesASignatureByAnotherPublishersKey() {
        byte[] zip = TestPlugins.zip().bytes();
        var e = refused(ErrorCode.PLUGIN_SIGNATURE_INVALID, () -> publish("acmesoft", other, zip, false));
        assertThat(e.details()).containsEntry("publisher", "acmesoft");
    }

    @Test
    void refusesSignaturesByARevokedKeyAndAcceptsARotatedOne() throws Exception {
        String keyId = marketplace.keys("acmesoft").getFirst().keyId();
        assertThat(marketplace.revokeKey("acmesoft", keyId)).isTrue();
        assertThat(marketplace.revokeKey("acmesoft", keyId)).isFalse();
        assertThat(marketplace.keys("acmesoft").getFirst().revokedAt()).isEqualTo(NOW);
        byte[] zip = TestPlugins.zip().bytes();
        refused(ErrorCode.PLUGIN_SIGNATURE_INVALID, () -> publish("acmesoft", acme, zip, false));
        KeyPair rsa = rsa(2048);
        PublisherKey rotated = marketplace.registerKey("acmesoft", pem(rsa));
        assertThat(publish("acmesoft", rsa, zip, false).keyId()).isEqualTo(rotated.keyId());
    }

    @Test
    void refusesTheSameIdAndVersionTwice() {
        publish("acmesoft", acme, TestPlugins.zip().bytes(), false);
        byte[] changed = TestPlugins.zip().with("classes/extra.txt", "new").bytes();
        var e = refused(ErrorCode.PLUGIN_RELEASE_EXISTS, () -> publish("acmesoft", acme, changed, true));
        assertThat(e.details()).containsEntry("plugin", "acme-hello").containsEntry("version", "1.2.0");
    }

    @Test
    void letsOnlyOneOfTwoConcurrentPublishesOfAReleaseWin() throws Exception {
        byte[] a = TestPlugins.zip().with("classes/a.txt", "a").bytes();
        byte[] b = TestPlugins.zip().with("classes/b.txt", "b").bytes();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Release>> results = new ArrayList<>();
        for (byte[] zip : List.of(a, b)) {
            results.add(pool.submit(() -> {
                start.await();
                return publish("acmesoft", acme, zip, false);
            }));
        }
        start.countDown();
        int won = 0;
        for (Future<Release> result : results) {
            try {
                result.get();
                won++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(((QuanyuException) e.getCause()).code()).isEqualTo(ErrorCode.PLUGIN_RELEASE_EXISTS);
            }
        }
        pool.shutdown();
        assertThat(won).isEqualTo(1);
        assertThat(stored()).containsExactly(1L, 1L, 1L, 1L);
    }

    @Test
    void refusesADowngradeUnlessForced() {
        publish("acme-hello", "1.10.0");
        byte[] older = TestPlugins.release("acme-hello", "1.9.0", "acmesoft");
        var e = refused(ErrorCode.PLUGIN_DOWNGRADE_REFUSED, () -> publish("acmesoft", acme, older, false));
        assertThat(e.details()).containsEntry("version", "1.9.0").containsEntry("current", "1.10.0");
        assertThat(publish("acmesoft", acme, older, true).version()).isEqualTo("1.9.0");
    }

    @Test
    void ignoresYankedReleasesWhenCheckingForADowngrade() {
        publish("acme-hello", "1.0.0");
        publish("acme-hello", "2.0.0");
        marketplace.yank("acmesoft", "acme-hello", "2.0.0");
        assertThat(publish("acme-hello", "1.5.0").version()).isEqualTo("1.5.0");
    }

    @Test
    void keepsAPluginIdForItsFirstPublisher() {
        publish("othersoft", other, TestPlugins.release("shared-name", "1.0.0", "othersoft"), false);
        byte[] zip = TestPlugins.release("shared-name", "1.1.0", "acmesoft");
        var e = refused(ErrorCode.PLUGIN_PUBLISHER_MISMATCH, () -> publish("acmesoft", acme, zip, false));
        assertThat(e.details()).containsEntry("plugin", "shared-name").containsEntry("owner", "othersoft");
    }

    @Test
    void ordersReleasesBySemanticVersion() {
        publish("acme-hello", "1.2.0");
        publish("acme-hello", "1.9.0");
        publish("acme-hello", "1.10.0");
        publish("acme-hello", "2.0.0-rc.1");
        publish("acme-hello", "2.0.0");
        assertThat(marketplace.releases("acme-hello")).extracting(Release::version)
                .containsExactly("2.0.0", "2.0.0-rc.1", "1.10.0", "1.9.0", "1.2.0");
        assertThat(marketplace.list("", 10).getFirst().latestVersion()).isEqualTo("2.0.0");
        assertThat(marketplace.list("", 10).getFirst().newestCompatible()).isEqualTo("2.0.0");
    }

    @Test
    void hidesAYankedReleaseFromPluginsJsonAndDownloads() {
        publish("acme-hello", "1.0.0");
        publish("acme-hello", "1.1.0");
        marketplace.yank("acmesoft", "acme-hello", "1.1.0");
        assertThat(versionsInPluginsJson()).containsExactly("1.0.0");
        assertThat(marketplace.list("hello", 10).getFirst().latestVersion()).isEqualTo("1.0.0");
        assertThat(marketplace.list("hello", 10).getFirst().newestCompatible()).isEqualTo("1.0.0");
        assertThat(marketplace.release("acme-hello", "1.1.0").yanked()).isTrue();
        assertThatThrownBy(() -> marketplace.download("acme-hello", "1.1.0")).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_RELEASE_YANKED));
        assertThat(marketplace.download("acme-hello", "1.1.0", true)).isNotEmpty();
        marketplace.unyank("acmesoft", "acme-hello", "1.1.0");
        assertThat(versionsInPluginsJson()).containsExactly("1.1.0", "1.0.0");
    }

    @Test
    void letsOnlyTheOwnerYank() {
        publish("acme-hello", "1.0.0");
        assertThatThrownBy(() -> marketplace.yank("othersoft", "acme-hello", "1.0.0"))
                .isInstanceOfSatisfying(QuanyuException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_PUBLISHER_MISMATCH));
        assertThat(marketplace.release("acme-hello", "1.0.0").yanked()).isFalse();
    }

    private List<String> versionsInPluginsJson() {
        JsonNode plugins = JSON.readTree(marketplace.pluginsJson("https://market.example/download"));
        List<String> versions = new ArrayList<>();
        plugins.get(0).path("releases").forEach(r -> versions.add(r.path("version").asString()));
        return versions;
    }

    @Test
    void writesPluginsJsonInPf4jUpdatesFormat() {
        Release release = publish("acme-hello", "1.0.0");
        JsonNode plugins = JSON.readTree(marketplace.pluginsJson("https://market.example/download/"));
        assertThat(plugins.size()).isEqualTo(1);
        JsonNode plugin = plugins.get(0);
        assertThat(plugin.path("id").asString()).isEqualTo("acme-hello");
        assertThat(plugin.path("name").asString()).isEqualTo("Hello");
        assertThat(plugin.path("description").asString()).isEqualTo("Greets customers");
        assertThat(plugin.path("provider").asString()).isEqualTo("acmesoft");
        assertThat(plugin.has("projectUrl")).isTrue();
        JsonNode r = plugin.path("releases").get(0);
        assertThat(r.path("version").asString()).isEqualTo("1.0.0");
        assertThat(r.path("date").asString()).isEqualTo("2026-11-24");
        assertThat(r.path("requires").asString()).isEqualTo(">=1.0.0 & <2.0.0");
        assertThat(r.path("url").asString()).isEqualTo("https://market.example/download/acme-hello/1.0.0.zip");
        assertThat(r.path("sha512sum").asString()).isEqualTo(release.sha512());
    }

    @Test
    void searchesListingsInEnglishAndChinese() {
        publish("acme-hello", "1.0.0");
        ObjectNode crm = TestPlugins.manifest().put("id", "crm-sync").put("version", "0.3.0");
        crm.putObject("name").put("en", "CRM Sync").put("zh-CN", "客户同步");
        crm.putObject("description").put("en", "Copies contacts").put("zh-CN", "同步联系人");
        crm.remove("objects");
        publish("acmesoft", acme, TestPlugins.zip(crm).without(TestPlugins.OBJECT).bytes(), false);

        assertThat(marketplace.list("", 10)).extracting(PluginListing::id).containsExactly("acme-hello", "crm-sync");
        assertThat(marketplace.list(null, 1)).extracting(PluginListing::id).containsExactly("acme-hello");
        assertThat(marketplace.list("你好", 10)).extracting(PluginListing::id).containsExactly("acme-hello");
        assertThat(marketplace.list("联系人", 10)).extracting(PluginListing::id).containsExactly("crm-sync");
        assertThat(marketplace.list("SYNC", 10)).extracting(PluginListing::id).containsExactly("crm-sync");
        assertThat(marketplace.list("greets", 10)).extracting(PluginListing::id).containsExactly("acme-hello");
        assertThat(marketplace.list("nothing like it", 10)).isEmpty();
        PluginListing listing = marketplace.list("crm", 10).getFirst();
        assertThat(listing.name().zhCN()).isEqualTo("客户同步");
        assertThat(listing.provider()).isEqualTo("acmesoft");
        assertThat(listing.versions()).containsExactly("0.3.0");
    }

    @Test
    void reportsMissingPluginsAndReleases() {
        publish("acme-hello", "1.0.0");
        assertThatThrownBy(() -> marketplace.release("acme-hello", "9.9.9")).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_RELEASE_NOT_FOUND));
        assertThatThrownBy(() -> marketplace.download("nope", "1.0.0")).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_NOT_FOUND));
        assertThatThrownBy(() -> marketplace.releases("nope")).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_NOT_FOUND));
    }

    @Test
    void refusesToServeAPackageWhoseBytesChanged() {
        publish("acme-hello", "1.0.0");
        var chunks = db.getCollection("mp_packages.chunks");
        Document chunk = chunks.find().first();
        byte[] data = chunk.get("data", Binary.class).getData();
        data[data.length / 2] ^= 1;
        chunks.updateOne(new Document("_id", chunk.get("_id")), Updates.set("data", new Binary(data)));
        assertThatThrownBy(() -> marketplace.download("acme-hello", "1.0.0")).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_CHECKSUM_MISMATCH));
    }

    @Test
    void registersEd25519AndRsaKeysAndRefusesWeakOrGarbageKeys() throws Exception {
        PublisherKey ed = marketplace.registerKey("keysoft", pem(acme));
        assertThat(ed.algorithm()).isEqualTo("Ed25519");
        assertThat(ed.keyId()).hasSize(16).matches("[0-9a-f]{16}");
        PublisherKey rsa = marketplace.registerKey("keysoft",
                Base64.getEncoder().encodeToString(rsa(3072).getPublic().getEncoded()));
        assertThat(rsa.algorithm()).isEqualTo("RSA");
        assertThat(marketplace.registerKey("keysoft", pem(acme))).isEqualTo(ed);
        assertThat(marketplace.keys("keysoft")).extracting(PublisherKey::keyId).containsExactly(ed.keyId(), rsa.keyId());
        String weak = pem(rsa(1024));
        for (String key : List.of(weak, "not a key", "")) {
            assertThatThrownBy(() -> marketplace.registerKey("keysoft", key)).isInstanceOfSatisfying(QuanyuException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_PUBLISHER_KEY_INVALID));
        }
        assertThat(marketplace.keys("keysoft")).hasSize(2);
    }

    private static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }
}
