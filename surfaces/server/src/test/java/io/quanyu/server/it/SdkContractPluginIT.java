package io.quanyu.server.it;

import io.quanyu.plugin.host.PluginOperations;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SDK contract plugin, exactly as {@code plugins/sdk-contract} built and signed it, on the real host with the
 * real servers: published on start as a first-party release, installed and enabled by a tenant admin, then every
 * capability it uses answers as on the test kit: records, scoped identities and the customer it names, the private
 * store's counters and leases, the webhook, tasks, the event subscription and its dead letters, and refusals with
 * the platform's codes.
 */
class SdkContractPluginIT extends RealServersIT {
    /** Where the plugins/ build leaves the release (zip, .sig, .sha512, .pub). */
    static final Path RELEASES = Path.of("../../plugins/sdk-contract/target").toAbsolutePath().normalize();
    private static final String ID = "sdk-contract";
    static String acmeAdmin;
    static String globexAdmin;

    @BeforeAll
    static void tokens() {
        assertThat(RELEASES.resolve("sdk-contract-1.0.0.zip.sig"))
                .as("the release signed by the plugins/ build (mvn install -pl plugins/sdk-contract)").exists();
        acmeAdmin = Tokens.demo("acme-admin");
        globexAdmin = Tokens.demo("globex-admin");
    }

    @Test
    void theSignedReleaseIsPublishedOnStartAndEveryCapabilityWorksOnTheRealHost() throws Exception {
        String sha512 = Files.readString(RELEASES.resolve("sdk-contract-1.0.0.zip.sha512")).split(" ")[0];
        var index = api().get("/api/v1/marketplace/plugins.json", acmeAdmin);
        assertThat(index.raw()).contains("\"id\":\"sdk-contract\"").contains(sha512);
        var listing = api().get("/api/v1/marketplace/plugins?q=contract", acmeAdmin);
        assertThat(listing.raw()).contains(ID).contains("quanyu");

        api().post("/api/v1/plugins", acmeAdmin, "{\"pluginId\": \"" + ID + "\"}");
        var enabled = api().post("/api/v1/plugins/" + ID + "/enable", acmeAdmin,
                "{\"settings\": {\"token\": \"t-it\", \"maxPerMinute\": 3, \"label\": \"门\"}}");
        assertThat(enabled.status()).as(enabled.raw()).isEqualTo(200);

        String probe = field("recordProbe");
        var first = graphql(acmeAdmin, "mutation { " + probe + "(input: {phone: \"13800138000\"}) }");
        String customer = first.json().path("data").path(probe).path("customerId").asString();
        assertThat(customer).as(first.raw()).isNotBlank();
        assertThat(first.json().path("data").path(probe).path("label").asString()).isEqualTo("门");
        var second = graphql(acmeAdmin, "mutation { " + probe + "(input: {phone: \"+86 138 0013 8000\"}) }");
        assertThat(second.json().path("data").path(probe).path("customerId").asString()).isEqualTo(customer);
        var profile = api().get("/api/v1/customers/" + customer + "/360", acmeAdmin);
        assertThat(profile.raw()).contains("+8613800138000");

        for (int i = 0; i < 2; i++) {
            graphql(acmeAdmin, "mutation { " + probe + "(input: {phone: \"13800138000\"}) }");
        }
        var limited = graphql(acmeAdmin, "mutation { " + probe + "(input: {phone: \"13800138000\"}) }");
        assertThat(limited.raw()).contains("PROBE_RATE_LIMITED");
        var refused = graphql(acmeAdmin, "mutation { " + probe + "(input: {phone: \"12345\"}) }");
        assertThat(refused.raw()).contains("EVENT_INVALID");
        assertThat(api().get("/api/v1/records/sdkcontractProbe", acmeAdmin).json().path("records").size())
                .as("four probes stored; the limited and the refused one left nothing").isEqualTo(4);

        String lease = "mutation { " + field("lease") + "(input: {name: \"sync\", seconds: 30}) }";
        assertThat(graphql(acmeAdmin, lease).json().path("data").path(field("lease")).path("granted").asBoolean()).isTrue();
        assertThat(graphql(acmeAdmin, lease).json().path("data").path(field("lease")).path("granted").asBoolean()).isFalse();

        String[] follower = {"X-Contract-Token", "t-it", "X-Openid", "o6_bmjrPTlm6_2sgVt7hMZOPfL2M",
                "X-App-Id", "wx8f2c", "X-Signal-Id", "it-follow-1"};
        var signal = api().post("/hooks/acme/" + ID + "/signal", null, "subscribed", follower);
        var again = api().post("/hooks/acme/" + ID + "/signal", null, "subscribed", follower);
        assertThat(signal.status()).as(signal.raw()).isEqualTo(202);
        assertThat(signal.json().path("duplicate").asBoolean()).isFalse();
        assertThat(again.json().path("customerId").asString()).isEqualTo(signal.json().path("customerId").asString());
        assertThat(again.json().path("duplicate").asBoolean()).isTrue();
        var unscoped = api().post("/hooks/acme/" + ID + "/signal", null, "x", "X-Contract-Token", "t-it",
                "X-Openid", "o6_bmjrPTlm6_2sgVt7hMZOPfL2M", "X-Signal-Id", "it-follow-2");
        assertThat(unscoped.status()).isEqualTo(400);
        assertThat(unscoped.raw()).contains("EVENT_INVALID");

        assertThat(graphql(globexAdmin, "mutation { " + probe + "(input: {}) }").raw()).contains("errors");

        // The probe type and its records are the plugin's: readable, changed only through the plugin.
        assertThat(api().get("/api/v1/metadata/objects/sdkcontractProbe", acmeAdmin).raw()).contains("\"managedBy\":\"sdk-contract\"");
        assertThat(api().post("/api/v1/records/sdkcontractProbe", acmeAdmin, "{\"label\": \"forged\"}").code())
                .isEqualTo("OBJECT_MANAGED_BY_PLUGIN");
        assertThat(graphql(acmeAdmin, "mutation { createSdkcontractProbe(input: {label: \"forged\"}) { _id } }").raw())
                .as("the schema offers no mutation of the plugin's records").contains("GRAPHQL_INVALID")
                .contains("createSdkcontractProbe");
        assertThat(graphql(acmeAdmin, "{ sdkcontractProbes { totalCount } }").raw()).doesNotContain("errors");
        assertThat(api().delete("/api/v1/metadata/objects/sdkcontractProbe", acmeAdmin).code()).isEqualTo("OBJECT_MANAGED_BY_PLUGIN");
        assertThat(api().get("/api/v1/records/sdkcontractProbe", acmeAdmin).status()).isEqualTo(200);
    }

    @Test
    void aStockOnTheRealStoreIsMadeOnceNeverOversoldAndRetiredOnce() throws Exception {
        api().post("/api/v1/plugins", acmeAdmin, "{\"pluginId\": \"" + ID + "\"}");
        api().post("/api/v1/plugins/" + ID + "/enable", acmeAdmin, "{\"settings\": {\"token\": \"t-it\"}}");
        String sku = "IT-" + java.util.UUID.randomUUID().toString().substring(0, 8).toUpperCase(java.util.Locale.ROOT);
        String stockUp = "mutation($in: JSON!) { " + field("stockUp") + "(input: $in) }";
        var made = graphql(acmeAdmin, stockUp, Map.of("sku", sku, "quantity", 3)).json().path("data").path(field("stockUp"));
        var again = graphql(acmeAdmin, stockUp, Map.of("sku", sku, "quantity", 50)).json().path("data").path(field("stockUp"));
        assertThat(made.path("created").asBoolean()).as(made.toString()).isTrue();
        assertThat(again.path("created").asBoolean()).isFalse();
        assertThat(again.path("id").asString()).isEqualTo(made.path("id").asString());
        assertThat(again.path("remaining").asInt()).isEqualTo(3);

        String claim = "mutation($in: JSON!) { " + field("claim") + "(input: $in) }";
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        List<java.util.concurrent.Future<Api.Reply>> claims = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String claimId = "claim-" + i;
            claims.add(pool.submit(() -> graphql(acmeAdmin, claim, Map.of("sku", sku, "claimId", claimId))));
        }
        int won = 0;
        for (var f : claims) {
            won += f.get().json().path("data").path(field("claim")).path("claimed").asBoolean() ? 1 : 0;
        }
        pool.shutdown();
        var stock = api().get("/api/v1/records/sdkcontractStock/" + made.path("id").asString(), acmeAdmin).json();
        assertThat(won).as("never oversold").isLessThanOrEqualTo(3);
        assertThat(stock.path("remaining").asInt()).isEqualTo(3 - won);
        assertThat(stock.path("claimed").asInt()).isEqualTo(won);
        var repeated = graphql(acmeAdmin, claim, Map.of("sku", sku, "claimId", "claim-0")).json().path("data").path(field("claim"));
        assertThat(repeated.path("remaining").asInt()).as("a repeated claim id takes nothing").isEqualTo(3 - won);
        for (int i = 0; i < 5; i++) {
            won += graphql(acmeAdmin, claim, Map.of("sku", sku, "claimId", "after-" + i)).json().path("data")
                    .path(field("claim")).path("claimed").asBoolean() ? 1 : 0;
        }
        assertThat(won).as("exactly the stock, however the claims came").isEqualTo(3);

        String retire = "mutation($in: JSON!) { " + field("retire") + "(input: $in) }";
        assertThat(graphql(acmeAdmin, retire, Map.of("sku", sku)).json().path("data").path(field("retire")).path("retired").asBoolean()).isTrue();
        assertThat(graphql(acmeAdmin, retire, Map.of("sku", sku)).json().path("data").path(field("retire")).path("retired").asBoolean()).isFalse();
        var afterRetire = graphql(acmeAdmin, claim, Map.of("sku", sku, "claimId", "late")).json().path("data").path(field("claim"));
        assertThat(afterRetire.path("claimed").asBoolean()).isFalse();

        String report = "query($in: JSON!) { " + field("stockReport") + "(input: $in) }";
        var counted = graphql(acmeAdmin, report, Map.of("minRemaining", 0)).json().path("data").path(field("stockReport"));
        assertThat(counted.path("count").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(counted.path("skus").toString()).contains(sku);
        String stockUpAll = "mutation($in: JSON!) { " + field("stockUpAll") + "(input: $in) }";
        var batch = Map.<String, Object>of("items", List.of(Map.of("sku", sku, "quantity", 1),
                Map.of("sku", sku + "-B", "quantity", 5), Map.of("sku", sku + "-C", "quantity", 6)));
        var all = graphql(acmeAdmin, stockUpAll, batch).json().path("data").path(field("stockUpAll"));
        assertThat(List.of(all.path("created").asInt(), all.path("existing").asInt())).as("one SKU existed, two are new: " + all)
                .containsExactly(2, 1);
        var batchAgain = graphql(acmeAdmin, stockUpAll, batch).json().path("data").path(field("stockUpAll"));
        assertThat(List.of(batchAgain.path("created").asInt(), batchAgain.path("existing").asInt()))
                .as("the same batch again: " + batchAgain)
                .containsExactly(0, 3);
        assertThat(graphql(acmeAdmin, stockUpAll, Map.of("items", List.of(Map.of("sku", sku + "-D", "quantity", 1),
                Map.of("sku", sku + "-E", "quantity", -1)))).raw()).contains("RECORD_VALIDATION_FAILED")
                .contains("/records/1/remaining");
        assertThat(graphql(acmeAdmin, "{ sdkcontractStocks(filter: {sku: {eq: \"" + sku + "-D\"}}) { totalCount } }").raw())
                .as("nothing written when one is refused").contains("\"totalCount\":0");
        assertThat(graphql(globexAdmin, report, Map.of("minRemaining", 0)).raw()).as("another tenant's stock is not seen")
                .doesNotContain(sku);
    }

    @Test
    void aPluginsCustomerFacingEndpointRedirectsServesBytesAndKnowsItsPublicAddressTheCallerAndItsDeadline() {
        api().post("/api/v1/plugins", acmeAdmin, "{\"pluginId\": \"" + ID + "\"}");
        api().post("/api/v1/plugins/" + ID + "/enable", acmeAdmin, "{\"settings\": {\"token\": \"t-it\"}}");
        var click = api().get("/hooks/acme/" + ID + "/go?to=https%3A%2F%2Fshop.example.com%2Fp%3Fid%3D7", null);
        assertThat(click.status()).as(click.raw()).isEqualTo(302);
        assertThat(click.header("Location")).isEqualTo("https://shop.example.com/p?id=7");
        assertThat(click.header("Cache-Control")).isEqualTo("no-store");
        var pixel = api().get("/hooks/acme/" + ID + "/go/pixel", null);
        assertThat(pixel.status()).isEqualTo(200);
        assertThat(pixel.header("Content-Type")).isEqualTo("image/gif");
        assertThat(pixel.header("Content-Length")).isEqualTo("42");
        var whoami = api().get("/hooks/acme/" + ID + "/go/whoami", null).json();
        assertThat(whoami.path("publicUrl").asString()).isEqualTo("http://localhost:8080/hooks/acme/" + ID + "/go/pixel");
        assertThat(whoami.path("remoteAddress").asString()).isEqualTo("127.0.0.1");
        assertThat(whoami.path("msLeft").asLong()).isBetween(1L, 10_000L);
        assertThat(whoami.path("clicks").asLong()).isGreaterThanOrEqualTo(1);
        var bad = api().get("/hooks/acme/" + ID + "/go/bad", null);
        assertThat(bad.code()).as("a header the platform sets itself").isEqualTo("PLUGIN_BAD_RESULT");
        assertThat(bad.header("Content-Length")).isNotEqualTo("3");
    }

    @Test
    void aCustomersPageOpensOnlyWithASessionOfTheTenantsCustomerAndClosesOnLogout() {
        api().post("/api/v1/plugins", acmeAdmin, "{\"pluginId\": \"" + ID + "\"}");
        api().post("/api/v1/plugins/" + ID + "/enable", acmeAdmin, "{\"settings\": {\"token\": \"t-it\"}}");
        String customer = customerWithSignal("it-session-1", "13900139000");

        var anonymous = api().get("/hooks/acme/" + ID + "/me", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.code()).isEqualTo("CUSTOMER_SESSION_REQUIRED");
        var login = api().get("/hooks/acme/" + ID + "/go/login?phone=13900139000", null, "X-Contract-Token", "t-it");
        assertThat(login.status()).as(login.raw()).isEqualTo(302);
        assertThat(login.header("Location")).isEqualTo("http://localhost:8080/hooks/acme/" + ID + "/me");
        assertThat(login.header("Set-Cookie")).contains("HttpOnly").contains("SameSite=Lax");
        String cookie = login.header("Set-Cookie").split(";")[0];
        String token = cookie.substring("quanyu_session=".length());

        var me = api().get("/hooks/acme/" + ID + "/me", null, "Cookie", cookie);
        assertThat(me.json().path("customerId").asString()).as(me.raw()).isEqualTo(customer);
        assertThat(api().get("/hooks/acme/" + ID + "/me", null, "Authorization", "Bearer " + token).status())
                .as("a bearer session is the plugin host's, not the API's").isEqualTo(200);
        assertThat(api().get("/hooks/globex/" + ID + "/me", null, "Cookie", cookie).status()).as("another tenant")
                .isIn(401, 404);
        assertThat(api().get("/hooks/acme/" + ID + "/me", null, "Cookie", cookie.substring(0, cookie.length() - 2) + "xx")
                .code()).as("altered").isEqualTo("CUSTOMER_SESSION_REQUIRED");

        await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(3)).until(() -> true);
        api().post("/hooks/acme/" + ID + "/me/logout", null, "", "Cookie", cookie);
        assertThat(api().get("/hooks/acme/" + ID + "/me", null, "Cookie", cookie).code()).as("logged out everywhere")
                .isEqualTo("CUSTOMER_SESSION_REQUIRED");
    }

    @Test
    void aPluginReadsTheProfileTagsItKeepsItsFactsAndAsksTheConditionLanguage() {
        api().post("/api/v1/plugins", acmeAdmin, "{\"pluginId\": \"" + ID + "\"}");
        api().post("/api/v1/plugins/" + ID + "/enable", acmeAdmin, "{\"settings\": {\"token\": \"t-it\"}}");
        String customer = customerWithSignal("it-member-1", "13500135000");
        api().post("/api/v1/plugins", globexAdmin, "{\"pluginId\": \"" + ID + "\"}");
        api().post("/api/v1/plugins/" + ID + "/enable", globexAdmin, "{\"settings\": {\"token\": \"t-it\"}}");
        String member = "mutation($in: JSON!) { " + field("member") + "(input: $in) }";
        var out = graphql(acmeAdmin, member, Map.of("customerId", customer, "tier", "gold")).json().path("data").path(field("member"));
        assertThat(out.path("matched").asBoolean()).as(out.toString()).isTrue();
        assertThat(out.path("identities").toString()).contains("phone:+8613500135000");
        assertThat(out.path("facts").path(ID).path("tier").asString()).isEqualTo("gold");
        var profile = api().get("/api/v1/customers/" + customer + "/360", acmeAdmin).json();
        assertThat(profile.path("tags").toString()).contains("sdk-member").contains("plugin:" + ID);
        assertThat(profile.path("plugins").path(ID).path("tier").asString()).as("the tenant sees the plugin's facts")
                .isEqualTo("gold");
        var strict = graphql(acmeAdmin, member, Map.of("customerId", customer, "tier", "silver", "minVisits", 3)).json()
                .path("data").path(field("member"));
        assertThat(strict.path("matched").asBoolean()).isFalse();
        assertThat(strict.path("explanation").asString()).contains("sdkcontract__signal");
        try {
            assertThat(graphql(globexAdmin, member, Map.of("customerId", customer, "tier", "gold")).raw())
                    .as("another tenant's customer").contains("NO_SUCH_CUSTOMER");
        } finally {
            assertThat(api().delete("/api/v1/plugins/" + ID, globexAdmin).status()).as("globex uninstalls it again")
                    .isLessThan(300);
        }
    }

    @Test
    void aPluginReadsACustomersEventsBackAPageAtATimeNewestFirst() {
        api().post("/api/v1/plugins", acmeAdmin, "{\"pluginId\": \"" + ID + "\"}");
        api().post("/api/v1/plugins/" + ID + "/enable", acmeAdmin, "{\"settings\": {\"token\": \"t-it\"}}");
        String phone = "1370013" + String.format("%04d", (int) (Math.random() * 10_000));
        var reply = api().post("/api/v1/events", acmeAdmin, "{\"events\": ["
                + event("it-history-1-" + phone, "sdkcontract.signal", "2026-12-01T09:00:00Z", phone) + ","
                + event("it-history-2-" + phone, "sdkcontract.signal", "2026-12-02T09:00:00Z", phone) + ","
                + event("it-history-3-" + phone, "sdkcontract.signal", "2026-12-03T09:00:00Z", phone) + ","
                + event("it-history-4-" + phone, "page.viewed", "2026-12-04T09:00:00Z", phone) + "]}");
        String customer = reply.json().path("results").path(0).path("customerId").asString();
        assertThat(customer).as(reply.raw()).isNotBlank();
        String history = "query($in: JSON!) { " + field("history") + "(input: $in) }";

        var first = graphql(acmeAdmin, history, Map.of("customerId", customer, "types", List.of("sdkcontract.signal"),
                "first", 2)).json().path("data").path(field("history"));
        assertThat(first.path("ids").toString()).as(first.toString())
                .isEqualTo("[\"it-history-3-" + phone + "\",\"it-history-2-" + phone + "\"]");
        var second = graphql(acmeAdmin, history, Map.of("customerId", customer, "types", List.of("sdkcontract.signal"),
                "first", 2, "after", first.path("next").asString())).json().path("data").path(field("history"));
        assertThat(second.path("ids").toString()).isEqualTo("[\"it-history-1-" + phone + "\"]");
        assertThat(second.has("next")).as("the last page").isFalse();
        var recent = graphql(acmeAdmin, history, Map.of("customerId", customer, "since", "2026-12-02T12:00:00Z"))
                .json().path("data").path(field("history"));
        assertThat(recent.path("types").toString()).isEqualTo("[\"page.viewed\",\"sdkcontract.signal\"]");
        assertThat(graphql(acmeAdmin, history, Map.of("customerId", customer, "after", "forged")).raw())
                .contains("REQUEST_VALIDATION_FAILED");
    }

    private static String event(String id, String type, String time, String phone) {
        return "{\"eventId\": \"" + id + "\", \"type\": \"" + type + "\", \"time\": \"" + time
                + "\", \"identities\": [{\"type\": \"phone\", \"value\": \"" + phone + "\"}]}";
    }

    @Test
    void pluginsCallEachOthersDeclaredOperationsForTheSameTenantAtMostThreeDeep() {
        api().post("/api/v1/plugins", acmeAdmin, "{\"pluginId\": \"" + ID + "\"}");
        api().post("/api/v1/plugins/" + ID + "/enable", acmeAdmin, "{\"settings\": {\"token\": \"t-it\"}}");
        String relay = "mutation($in: JSON!) { " + field("relay") + "(input: $in) }";
        String sku = "RELAY-" + java.util.UUID.randomUUID().toString().substring(0, 6).toUpperCase(java.util.Locale.ROOT);
        var made = graphql(acmeAdmin, relay, Map.of("plugin", ID, "operation", "stockUp",
                "input", Map.of("sku", sku, "quantity", 2))).json().path("data").path(field("relay"));
        assertThat(made.path("enabled").asBoolean()).as(made.toString()).isTrue();
        assertThat(made.path("output").path("created").asBoolean()).isTrue();
        var refused = graphql(acmeAdmin, relay, Map.of("plugin", ID, "operation", "claim",
                "input", Map.of("sku", "NOPE-1", "claimId", "x"))).json().path("data").path(field("relay"));
        assertThat(refused.path("code").asString()).as("the callee's own code").isEqualTo("STOCK_NOT_FOUND");
        var undeclared = graphql(acmeAdmin, relay, Map.of("plugin", ID, "operation", "retire",
                "input", Map.of("sku", sku))).json().path("data").path(field("relay"));
        assertThat(undeclared.path("code").asString()).isEqualTo("PLUGIN_CALL_UNDECLARED");
        var missing = graphql(acmeAdmin, relay, Map.of("plugin", "loyalty", "operation", "grant",
                "input", Map.of())).json().path("data").path(field("relay"));
        assertThat(missing.path("code").asString()).as("declared, but the tenant has no loyalty plugin")
                .isEqualTo("PLUGIN_NOT_ENABLED");
        assertThat(api().get("/api/v1/plugins/" + ID, acmeAdmin).json().path("needs").toString())
                .as("the installation says what it calls that the tenant has not enabled").isEqualTo("[\"loyalty\"]");
        var deep = graphql(acmeAdmin, "query($in: JSON!) { " + field("deep") + "(input: $in) }", Map.of("level", 0))
                .json().path("data").path(field("deep"));
        assertThat(deep.path("reached").asInt()).as(deep.toString()).isEqualTo(3);
        assertThat(deep.path("stoppedBy").asString()).isEqualTo("PLUGIN_CALL_TOO_DEEP");

        // deep is a query for tenant admins and builders only: a viewer is refused on both surfaces.
        String viewer = Tokens.demo("acme-viewer");
        assertThat(graphql(viewer, "query($in: JSON!) { " + field("deep") + "(input: $in) }", Map.of("level", 0)).raw())
                .contains("PERMISSION_DENIED");
        assertThat(api().post("/api/v1/plugins/" + ID + "/operations/deep", viewer, "{\"input\": {\"level\": 0}}").code())
                .isEqualTo("PERMISSION_DENIED");
        assertThat(api().post("/api/v1/plugins/" + ID + "/operations/stockReport", viewer,
                "{\"input\": {\"minRemaining\": 0}}").status()).as("a query without roles stays open to viewers")
                .isEqualTo(200);
    }

    @Test
    void aProbeThatExpiresIsDeletedByItsTaskOnTheSchedulerUnlessItIsKept() {
        api().post("/api/v1/plugins", acmeAdmin, "{\"pluginId\": \"" + ID + "\"}");
        api().post("/api/v1/plugins/" + ID + "/enable", acmeAdmin, "{\"settings\": {\"token\": \"t-it\"}}");
        String probe = field("recordProbe");
        String expiring = graphql(acmeAdmin, "mutation { " + probe + "(input: {label: \"soon\", expiresInSeconds: 1}) }")
                .json().path("data").path(probe).path("id").asString();
        String kept = graphql(acmeAdmin, "mutation { " + probe + "(input: {label: \"kept\", expiresInSeconds: 1}) }")
                .json().path("data").path(probe).path("id").asString();
        var keep = graphql(acmeAdmin, "mutation { " + field("keepProbe") + "(input: {id: \"" + kept + "\"}) }");
        assertThat(keep.json().path("data").path(field("keepProbe")).path("kept").asBoolean()).as(keep.raw()).isTrue();

        await().atMost(Duration.ofSeconds(20)).until(() ->
                api().get("/api/v1/records/sdkcontractProbe/" + expiring, acmeAdmin).status() == 404);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
                api().get("/api/v1/records/sdkcontractProbe/" + kept, acmeAdmin).status() == 200);
    }

    @Test
    void theSignalsSubscriptionReceivesTheTenantsSignalsAndShowsWhatItGaveUpOn() {
        api().post("/api/v1/plugins", acmeAdmin, "{\"pluginId\": \"" + ID + "\"}");
        api().post("/api/v1/plugins/" + ID + "/enable", acmeAdmin, "{\"settings\": {\"token\": \"t-it\"}}");
        var signal = api().post("/hooks/acme/" + ID + "/signal", null, "hello", "X-Contract-Token", "t-it",
                "X-Phone", "13900139000", "X-Signal-Id", "it-sub-1");
        String customer = signal.json().path("customerId").asString();
        assertThat(customer).as(signal.raw()).isNotBlank();
        String seen = "{ " + field("signalsSeen") + "(input: {customerId: \"" + customer + "\"}) }";

        await().atMost(Duration.ofSeconds(30)).until(() ->
                graphql(acmeAdmin, seen).json().path("data").path(field("signalsSeen")).path("count").asInt() == 1);
        api().post("/hooks/acme/" + ID + "/signal", null, "poison", "X-Contract-Token", "t-it",
                "X-Phone", "13900139000", "X-Signal-Id", "it-sub-2");
        String letters = "/api/v1/plugins/" + ID + "/dead-letters";
        await().atMost(Duration.ofSeconds(30)).until(() -> letter(letters, acmeAdmin) != null);

        var letter = letter(letters, Tokens.demo("acme-viewer"));
        assertThat(letter.path("subscription").asString()).isEqualTo("signals");
        assertThat(letter.path("customerId").asString()).isEqualTo(customer);
        assertThat(letter.path("events").toString()).contains("signal-it-sub-2");
        assertThat(letter.path("attempts").asInt()).isEqualTo(5);
        assertThat(letter.path("error").asString()).startsWith("SIGNAL_POISONED: ");
        String replay = letters + "/" + java.net.URLEncoder.encode(letter.path("id").asString(),
                java.nio.charset.StandardCharsets.UTF_8) + "/replay";
        assertThat(api().post(replay, Tokens.demo("acme-viewer"), "{}").status()).isEqualTo(403);
        var replayed = api().post(replay, acmeAdmin, "{}");
        assertThat(replayed.raw()).as("poison stays poison").contains("\"replayed\":false");
        assertThat(api().post(letters + "/nope/replay", acmeAdmin, "{}").raw()).contains("DEAD_LETTER_NOT_FOUND");
        assertThat(api().get(letters, globexAdmin).status()).as("globex has not installed it").isEqualTo(404);
        assertThat(graphql(acmeAdmin, seen).json().path("data").path(field("signalsSeen")).path("count").asInt())
                .isEqualTo(1);

        // The knocks subscription's filter lets only "knock" through: neither "hello" nor the poison reached it.
        api().post("/hooks/acme/" + ID + "/signal", null, "knock", "X-Contract-Token", "t-it",
                "X-Phone", "13900139000", "X-Signal-Id", "it-sub-3");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                graphql(acmeAdmin, seen).json().path("data").path(field("signalsSeen")).path("knocks").asInt() == 1);
        assertThat(graphql(acmeAdmin, seen).json().path("data").path(field("signalsSeen")).path("count").asInt())
                .as("the unfiltered one got it too").isEqualTo(2);
    }

    @Test
    void fetchReachesTheOperatorsAllowedFakeAndNeverLoopbackPrivateMetadataOrUndeclaredHosts() throws Exception {
        api().post("/api/v1/plugins", acmeAdmin, "{\"pluginId\": \"" + ID + "\"}");
        api().post("/api/v1/plugins/" + ID + "/enable", acmeAdmin, "{\"settings\": {\"token\": \"t-it\"}}");
        var partner = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        partner.createContext("/hello", ex -> {
            byte[] body = "hello from the partner".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        partner.start();
        try {
            int port = partner.getAddress().getPort();
            String fetch = "query ($in: JSON!) { " + field("fetch") + "(input: $in) }";
            for (String as : java.util.List.of("text", "bytes", "socket")) {
                var reached = graphql(acmeAdmin, fetch, Map.of("url", "http://localhost:" + port + "/hello", "as", as));
                assertThat(reached.json().path("data").path(field("fetch")).path("status").asInt()).as(reached.raw()).isEqualTo(200);
            }
            for (String url : java.util.List.of("http://127.0.0.1:" + port + "/hello", "http://10.0.0.1/",
                    "http://169.254.169.254/latest/meta-data/")) {
                assertThat(graphql(acmeAdmin, fetch, Map.of("url", url)).raw()).as(url).contains("EGRESS_ADDRESS_BLOCKED");
            }
            assertThat(graphql(acmeAdmin, fetch, Map.of("url", "http://partner.example.test/")).raw())
                    .contains("EGRESS_NOT_DECLARED");
        } finally {
            partner.stop(0);
        }
    }

    /** A customer known by a phone, with one {@code sdkcontract.signal} event, through the events API (no probe). */
    private String customerWithSignal(String eventId, String phone) {
        var reply = api().post("/api/v1/events", acmeAdmin, "{\"events\": [{\"eventId\": \"" + eventId
                + "\", \"type\": \"sdkcontract.signal\", \"time\": \"2026-12-06T09:00:00Z\", \"identities\": "
                + "[{\"type\": \"phone\", \"value\": \"" + phone + "\"}]}]}");
        String customer = reply.json().path("results").path(0).path("customerId").asString();
        assertThat(customer).as(reply.raw()).isNotBlank();
        return customer;
    }

    private Api.Reply graphql(String token, String query, Map<String, Object> input) {
        return api().post("/graphql", token, Api.JSON.writeValueAsString(Map.of("query", query, "variables", Map.of("in", input))));
    }

    /** The dead letter of this test's poison signal (other tests' letters may be there too), or null. */
    private tools.jackson.databind.JsonNode letter(String path, String token) {
        for (var letter : api().get(path, token).json()) {
            if (letter.path("events").toString().contains("signal-it-sub-2")) {
                return letter;
            }
        }
        return null;
    }

    private Api.Reply graphql(String token, String query) {
        return api().post("/graphql", token, Api.JSON.writeValueAsString(Map.of("query", query)));
    }

    private static String field(String operation) {
        return PluginOperations.fieldName(ID, operation);
    }
}
