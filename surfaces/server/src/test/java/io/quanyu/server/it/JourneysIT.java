package io.quanyu.server.it;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Journeys on the real server over REST: a bad definition is refused whole with its pointers; a published journey
 * enters a customer on their event, tags them, waits for their order and takes the event path when it comes; the
 * counts, the customer's journeys and their path show it; a viewer reads but cannot change.
 */
class JourneysIT extends RealServersIT {

    @Test
    void aCustomerEntersOnTheirEventWaitsForAnOrderAndTakesTheEventPath() {
        String admin = Tokens.demo("acme-admin");
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String key = "welcome_" + run;
        var bad = api().send("PUT", "/api/v1/journeys/" + key, admin, """
                {"names": {"en": "Bad"}, "entry": {"event": "signup"}, "start": "a",
                 "nodes": {"a": {"type": "wait", "duration": "soon", "next": "zz"}}}""");
        assertThat(bad.status()).as(bad.raw()).isEqualTo(400);
        assertThat(bad.raw()).contains("/nodes/a/duration").contains("/nodes/a").contains("target");
        assertThat(api().get("/api/v1/journeys/" + key, admin).status()).as("nothing was written").isEqualTo(404);

        var saved = api().send("PUT", "/api/v1/journeys/" + key, admin, """
                {"names": {"zh-CN": "欢迎", "en": "Welcome"}, "entry": {"event": "signup_%1$s"}, "exits": [{"event": "unsubscribe"}],
                 "start": "hello",
                 "nodes": {"hello": {"type": "tag", "add": ["welcomed_%1$s"], "next": "wait"},
                           "wait": {"type": "waitForEvent", "event": "order", "timeout": "P1D", "onEvent": "thanks", "onTimeout": "end"},
                           "thanks": {"type": "tag", "add": ["bought_%1$s"], "next": "end"},
                           "end": {"type": "end"}}}""".formatted(run));
        assertThat(saved.status()).as(saved.raw()).isEqualTo(200);
        assertThat(saved.json().path("status").asString()).isEqualTo("draft");
        assertThat(saved.json().path("revision").asLong()).isEqualTo(1);
        var stale = api().send("PUT", "/api/v1/journeys/" + key, admin, saved.json().path("draft").toString(), "If-Match", "\"0\"");
        assertThat(stale.status()).as(stale.raw()).isEqualTo(409);
        assertThat(stale.raw()).contains("VERSION_CONFLICT");
        var published = api().post("/api/v1/journeys/" + key + "/publish", admin, "");
        assertThat(published.status()).as(published.raw()).isEqualTo(200);
        assertThat(published.json().path("published").asLong()).isEqualTo(1);
        assertThat(published.json().path("status").asString()).isEqualTo("live");

        String email = "j" + run + "@example.com";
        String customer = track(admin, "signup_" + run, email, run + "-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> "waiting".equals(enrollment(admin, customer, key).path("state").asString()));
        assertThat(tags(admin, customer)).contains("welcomed_" + run);
        track(admin, "order", email, run + "-2");
        await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(enrollment(admin, customer, key).path("state").asString()));
        assertThat(enrollment(admin, customer, key).path("outcome").asString()).isEqualTo("completed");
        assertThat(tags(admin, customer)).contains("bought_" + run);

        JsonNode path = api().get("/api/v1/journeys/" + key + "/customers/" + customer + "/path", admin).json().path("steps");
        assertThat(path.findValuesAsString("node")).containsExactly("hello", "wait", "thanks", "end");
        assertThat(path.get(1).path("result").path("took").asString()).isEqualTo("event");
        JsonNode counts = api().get("/api/v1/journeys/" + key + "/counts", admin).json();
        assertThat(counts.path("nodes").path("end").path("completed").asLong()).as(counts.toString()).isEqualTo(1);

        JsonNode graphql = api().post("/graphql", admin, Api.JSON.writeValueAsString(java.util.Map.of("query",
                "{ journey(key: \"" + key + "\") { key status published names } customerJourneys(customerId: \"" + customer
                        + "\") { journey state outcome } journeyPath(key: \"" + key + "\", customerId: \"" + customer
                        + "\") { node choice result } journeyCounts(key: \"" + key + "\") journeyVersions(key: \"" + key
                        + "\") { version publishedBy definition } }"))).json();
        assertThat(graphql.path("errors").isMissingNode()).as(graphql.toString()).isTrue();
        assertThat(graphql.path("data").path("journey").path("published").asLong()).isEqualTo(1);
        assertThat(graphql.path("data").path("journey").path("names").path("zh-CN").asString()).isEqualTo("欢迎");
        assertThat(graphql.path("data").path("customerJourneys").toString()).contains(key).contains("completed");
        JsonNode history = graphql.path("data").path("journeyVersions");
        assertThat(history.size()).isEqualTo(1);
        assertThat(history.get(0).path("publishedBy").asString()).isEqualTo("acme-admin");
        assertThat(history.get(0).path("definition").path("start").asString()).isEqualTo("hello");
        var versions = api().get("/api/v1/journeys/" + key + "/versions", admin);
        assertThat(versions.status()).as(versions.raw()).isEqualTo(200);
        assertThat(versions.json().path("versions").get(0).path("version").asLong()).isEqualTo(1);
        assertThat(api().get("/api/v1/journeys/nosuch/versions", admin).raw()).contains("JOURNEY_NOT_FOUND");
        assertThat(graphql.path("data").path("journeyPath").size()).isEqualTo(4);
        JsonNode refused = api().post("/graphql", admin, Api.JSON.writeValueAsString(java.util.Map.of("query",
                "mutation { putJourney(key: \"" + key + "\", journey: {names: {en: \"x\"}, entry: {event: \"a\"}, start: \"s\", "
                        + "nodes: {s: {type: \"jump\"}}}) { key } }"))).json();
        assertThat(refused.toString()).contains("REQUEST_VALIDATION_FAILED").contains("/nodes/s/type");

        var experiments = api().get("/api/v1/journeys/" + key + "/experiments", admin);
        assertThat(experiments.status()).as(experiments.raw()).isEqualTo(200);
        assertThat(experiments.json().path("splits").size()).as("no split in this journey").isZero();
        var stuck = api().get("/api/v1/journeys/" + key + "/stuck", admin);
        assertThat(stuck.status()).as(stuck.raw()).isEqualTo(200);
        assertThat(stuck.json().path("enrollments").size()).isZero();
        var repair = api().post("/api/v1/journeys/" + key + "/customers/" + customer + "/repair", admin, "{\"action\": \"retry\"}");
        assertThat(repair.status()).as(repair.raw()).isEqualTo(422);
        assertThat(repair.raw()).contains("JOURNEY_REPAIR_REFUSED");

        // a second version, migrating the customer who waits for an order onto it: previewed, then published as previewed
        String waiter = track(admin, "signup_" + run, "w" + email, run + "-3");
        await().atMost(Duration.ofSeconds(30)).until(() -> "waiting".equals(enrollment(admin, waiter, key).path("state").asString()));
        assertThat(api().send("PUT", "/api/v1/journeys/" + key, admin, """
                {"names": {"en": "Welcome 2"}, "entry": {"event": "signup_%1$s"}, "start": "wait",
                 "nodes": {"wait": {"type": "waitForEvent", "event": "order", "timeout": "P2D", "onEvent": "thanks", "onTimeout": "end"},
                           "thanks": {"type": "tag", "add": ["bought2_%1$s"], "next": "end"},
                           "end": {"type": "end"}}}""".formatted(run)).status()).isEqualTo(200);
        var unmapped = api().post("/api/v1/journeys/" + key + "/publish/preview", admin, "{\"mode\": \"migrate\"}");
        assertThat(unmapped.status()).as(unmapped.raw()).isEqualTo(400);
        assertThat(unmapped.raw()).contains("/mapping/wait").contains("required");
        var preview = api().post("/api/v1/journeys/" + key + "/publish/preview", admin,
                "{\"mode\": \"migrate\", \"mapping\": {\"wait\": \"wait\"}}");
        assertThat(preview.status()).as(preview.raw()).isEqualTo(200);
        assertThat(preview.json().path("moved").asLong()).as(preview.raw()).isEqualTo(1);
        assertThat(preview.json().path("rows").get(0).path("node").asString()).isEqualTo("wait");
        JsonNode migrated = api().post("/graphql", admin, Api.JSON.writeValueAsString(java.util.Map.of("query",
                "mutation { publishJourney(key: \"" + key + "\", migration: {mode: \"migrate\", mapping: {wait: \"wait\"}}) "
                        + "{ published migration } }"))).json();
        assertThat(migrated.path("errors").isMissingNode()).as(migrated.toString()).isTrue();
        assertThat(migrated.path("data").path("publishJourney").path("published").asLong()).isEqualTo(2);
        assertThat(migrated.path("data").path("publishJourney").path("migration").path("rows"))
                .isEqualTo(preview.json().path("rows"));
        await().atMost(Duration.ofSeconds(30)).until(() -> enrollment(admin, waiter, key).path("version").asLong() == 2
                && "waiting".equals(enrollment(admin, waiter, key).path("state").asString()));
        track(admin, "order", "w" + email, run + "-4");
        await().atMost(Duration.ofSeconds(30)).until(() -> tags(admin, waiter).contains("bought2_" + run));

        // an integrator's API call enters a customer, whose record an update step changes
        String vip = "vip_" + run;
        assertThat(api().send("PUT", "/api/v1/journeys/" + vip, admin, """
                {"names": {"en": "VIP"}, "entry": {"api": true}, "start": "city",
                 "nodes": {"city": {"type": "update", "fields": {"city": "Hangzhou %s"}, "next": "end"}, "end": {"type": "end"}}}"""
                .formatted(run)).status()).isEqualTo(200);
        assertThat(api().post("/api/v1/journeys/" + vip + "/publish", admin, "").status()).isEqualTo(200);
        String integrator = Tokens.clientCredentials("acme-integrator", "acme-integrator-dev-secret");
        var entered = api().post("/api/v1/journeys/" + vip + "/customers/" + waiter + "/enter", integrator, "");
        assertThat(entered.status()).as(entered.raw()).isEqualTo(200);
        assertThat(entered.json().path("outcome").asString()).isEqualTo("completed");
        assertThat(api().get("/api/v1/customers/" + waiter + "/360", admin).json().path("record").path("city").asString())
                .isEqualTo("Hangzhou " + run);
        var again = api().post("/api/v1/journeys/" + vip + "/customers/" + waiter + "/enter", integrator, "");
        assertThat(again.status()).as(again.raw()).isEqualTo(422);
        assertThat(again.raw()).contains("JOURNEY_ENTRY_REFUSED");
        JsonNode viaGraphql = api().post("/graphql", admin, Api.JSON.writeValueAsString(java.util.Map.of("query",
                "mutation { enterJourney(key: \"" + vip + "\", customerId: \"" + customer + "\") { state outcome } }"))).json();
        assertThat(viaGraphql.path("data").path("enterJourney").path("outcome").asString()).as(viaGraphql.toString()).isEqualTo("completed");

        // test mode: the draft runs for one customer, its two-day wait in two seconds
        var tested = api().post("/api/v1/journeys/" + key + "/test", admin, "{\"customerId\": \"" + customer + "\", \"speed\": 86400}");
        assertThat(tested.status()).as(tested.raw()).isEqualTo(200);
        assertThat(tested.json().path("journey").asString()).isEqualTo(key + "~test");
        assertThat(api().post("/api/v1/journeys/" + key + "/test", admin, "{\"customerId\": \"" + customer + "\", \"speed\": \"fast\"}")
                .status()).isEqualTo(400);

        // the global holdout setting (left at 0 %: the tenant is shared with other tests)
        var badSettings = api().send("PUT", "/api/v1/journey-settings", admin, "{\"globalHoldoutPercent\": 90}");
        assertThat(badSettings.status()).as(badSettings.raw()).isEqualTo(400);
        assertThat(badSettings.raw()).contains("/globalHoldoutPercent");
        var settings = api().send("PUT", "/api/v1/journey-settings", admin, "{\"globalHoldoutPercent\": 0}");
        assertThat(settings.status()).as(settings.raw()).isEqualTo(200);
        assertThat(api().get("/api/v1/journey-settings", admin).json().path("updatedBy").asString()).isNotEmpty();

        String viewer = Tokens.demo("acme-viewer");
        assertThat(api().send("PUT", "/api/v1/journey-settings", viewer, "{\"globalHoldoutPercent\": 0}").status()).isEqualTo(403);
        assertThat(api().get("/api/v1/journeys/" + key, viewer).status()).isEqualTo(200);
        assertThat(api().post("/api/v1/journeys/" + key + "/stop", viewer, "").status()).isEqualTo(403);
        var stopped = api().post("/api/v1/journeys/" + key + "/stop", admin, "");
        assertThat(stopped.json().path("status").asString()).as(stopped.raw()).isEqualTo("stopped");
        assertThat(api().get("/api/v1/journeys/nope_" + run, admin).raw()).contains("JOURNEY_NOT_FOUND");
    }

    @Test
    void aPluginsTriggerEntersACustomerAndItsActionGivesARewardNeverMoreThanTheStock() {
        // globex, so the contract plugin's probes here do not count among acme's (SdkContractPluginIT counts those)
        String admin = Tokens.demo("globex-admin");
        String plugin = "sdk-contract";
        api().post("/api/v1/plugins", admin, "{\"pluginId\": \"" + plugin + "\"}");
        var enabled = api().post("/api/v1/plugins/" + plugin + "/enable", admin, "{\"settings\": {\"token\": \"t-jr\"}}");
        assertThat(enabled.status()).as(enabled.raw()).isEqualTo(200);
        JsonNode offered = api().get("/api/v1/journey-plugins", admin).json();
        assertThat(offered.path("actions").toString()).as(offered.toString()).contains("\"name\":\"claimReward\"")
                .contains("从库存发放奖品");
        assertThat(offered.path("triggers").toString()).contains("\"name\":\"signalled\"").contains("sdkcontract.signal");
        try {
            rewards(admin, plugin);
        } finally {
            api().post("/api/v1/plugins/" + plugin + "/disable", admin, "");
            api().delete("/api/v1/plugins/" + plugin, admin);
        }
    }

    /** A journey entered on the contract plugin's signal whose step gives the one reward in stock. */
    private void rewards(String admin, String plugin) {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String sku = "RW-" + run.toUpperCase(java.util.Locale.ROOT);
        String stockUp = io.quanyu.plugin.host.PluginOperations.fieldName(plugin, "stockUp");
        var stocked = api().post("/graphql", admin, Api.JSON.writeValueAsString(java.util.Map.of("query",
                "mutation { " + stockUp + "(input: {sku: \"" + sku + "\", quantity: 1}) }")));
        assertThat(stocked.raw()).doesNotContain("errors");

        String key = "reward_" + run;
        String journey = """
                {"names": {"zh-CN": "奖品", "en": "Reward"},
                 "entry": {"trigger": {"plugin": "sdk-contract", "name": "signalled", "parameters": {"label": "jr-%1$s"}}},
                 "start": "reward",
                 "nodes": {"reward": {"type": "action", "plugin": "sdk-contract", "action": "claimReward",
                                      "parameters": {"sku": "%2$s"}, "next": "given", "onFailure": "soldOut"},
                           "given": {"type": "tag", "add": ["rewarded_%1$s"], "next": "end"},
                           "soldOut": {"type": "tag", "add": ["soldout_%1$s"], "next": "end"},
                           "end": {"type": "end"}}}""";
        assertThat(api().send("PUT", "/api/v1/journeys/" + key, admin, journey.formatted(run, "not a sku")).status()).isEqualTo(200);
        var refused = api().post("/api/v1/journeys/" + key + "/publish", admin, "");
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.raw()).contains("/nodes/reward/parameters/sku");
        assertThat(api().send("PUT", "/api/v1/journeys/" + key, admin, journey.formatted(run, sku)).status()).isEqualTo(200);
        var published = api().post("/api/v1/journeys/" + key + "/publish", admin, "");
        assertThat(published.status()).as(published.raw()).isEqualTo(200);

        String first = probe(admin, plugin, "jr-" + run);
        await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(enrollment(admin, first, key).path("state").asString()));
        String second = probe(admin, plugin, "jr-" + run);
        await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(enrollment(admin, second, key).path("state").asString()));
        String other = probe(admin, plugin, "other-" + run);

        assertThat(tags(admin, first)).contains("rewarded_" + run);
        assertThat(tags(admin, second)).contains("soldout_" + run).doesNotContain("rewarded_" + run);
        JsonNode path = api().get("/api/v1/journeys/" + key + "/customers/" + first + "/path", admin).json().path("steps");
        assertThat(path.get(0).path("result").path("output").path("remaining").asLong()).as(path.toString()).isZero();
        JsonNode soldOut = api().get("/api/v1/journeys/" + key + "/customers/" + second + "/path", admin).json().path("steps");
        assertThat(soldOut.get(0).path("result").path("error").asString()).as(soldOut.toString()).isEqualTo("OUT_OF_STOCK");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> enrollment(admin, other, key).isEmpty());
        var stock = api().post("/api/v1/records/sdkcontractStock/query", admin,
                "{\"filter\": {\"field\": \"sku\", \"op\": \"eq\", \"value\": \"" + sku + "\"}}");
        assertThat(stock.json().path("records").get(0).path("claimed").asLong()).as(stock.raw()).isEqualTo(1);
        assertThat(api().post("/api/v1/journeys/" + key + "/stop", admin, "").status()).isEqualTo(200);
    }

    @Test
    void aWebhookStepPostsToThePartnerSignedWithTheTenantsSecret() throws Exception {
        String admin = Tokens.demo("acme-admin");
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        java.util.List<com.sun.net.httpserver.Headers> headers = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<byte[]> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer partner = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        partner.createContext("/hook", exchange -> {
            headers.add(exchange.getRequestHeaders());
            bodies.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        partner.start();
        try {
            var secret = api().get("/api/v1/journey-settings/webhook-secret", admin);
            assertThat(secret.status()).as(secret.raw()).isEqualTo(200);
            assertThat(api().get("/api/v1/journey-settings/webhook-secret", Tokens.demo("acme-builder")).status()).isEqualTo(403);
            JsonNode viaGraphql = api().post("/graphql", admin, Api.JSON.writeValueAsString(java.util.Map.of("query",
                    "{ journeyWebhookSecret journeyPlugins }"))).json();
            assertThat(viaGraphql.path("data").path("journeyWebhookSecret").asString()).as(viaGraphql.toString())
                    .isEqualTo(secret.json().path("secret").asString());
            assertThat(viaGraphql.path("data").path("journeyPlugins").has("actions")).isTrue();
            String key = "hook_" + run;
            var saved = api().send("PUT", "/api/v1/journeys/" + key, admin, """
                    {"names": {"en": "Hook"}, "entry": {"api": true}, "start": "hook",
                     "nodes": {"hook": {"type": "webhook", "url": "http://localhost:%d/hook", "data": {"run": "%s"}, "next": "end"},
                               "end": {"type": "end"}}}""".formatted(partner.getAddress().getPort(), run));
            assertThat(saved.status()).as(saved.raw()).isEqualTo(200);
            var published = api().post("/api/v1/journeys/" + key + "/publish", admin, "");
            assertThat(published.status()).as(published.raw()).isEqualTo(200);
            String customer = track(admin, "visit", "hook" + run + "@example.com", run + "-h");
            var entered = api().post("/api/v1/journeys/" + key + "/customers/" + customer + "/enter", admin, "");
            assertThat(entered.json().path("outcome").asString()).as(entered.raw()).isEqualTo("completed");

            assertThat(bodies).hasSize(1);
            JsonNode body = Api.JSON.readTree(bodies.getFirst());
            assertThat(body.path("data").path("customerId").asString()).isEqualTo(customer);
            assertThat(body.path("data").path("data").path("run").asString()).isEqualTo(run);
            String id = headers.getFirst().getFirst("webhook-id");
            assertThat(id).isEqualTo(key + "|" + customer + "|1|hook");
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(java.util.Base64.getDecoder().decode(
                    secret.json().path("secret").asString().substring("whsec_".length())), "HmacSHA256"));
            mac.update((id + "." + headers.getFirst().getFirst("webhook-timestamp") + ".").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(headers.getFirst().getFirst("webhook-signature"))
                    .isEqualTo("v1," + java.util.Base64.getEncoder().encodeToString(mac.doFinal(bodies.getFirst())));
            JsonNode path = api().get("/api/v1/journeys/" + key + "/customers/" + customer + "/path", admin).json().path("steps");
            assertThat(path.get(0).path("result").path("output").path("status").asInt()).as(path.toString()).isEqualTo(204);
        } finally {
            partner.stop(0);
        }
    }

    /** A customer of a new phone, through the contract plugin's probe, which tracks a signal with the label. */
    private String probe(String admin, String plugin, String label) {
        String phone = "139" + String.format("%08d", java.util.concurrent.ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999));
        String field = io.quanyu.plugin.host.PluginOperations.fieldName(plugin, "recordProbe");
        var probed = api().post("/graphql", admin, Api.JSON.writeValueAsString(java.util.Map.of("query",
                "mutation { " + field + "(input: {phone: \"" + phone + "\", label: \"" + label + "\"}) }")));
        String customer = probed.json().path("data").path(field).path("customerId").asString();
        assertThat(customer).as(probed.raw()).isNotBlank();
        return customer;
    }

    private JsonNode enrollment(String token, String customer, String key) {
        for (JsonNode e : api().get("/api/v1/customers/" + customer + "/journeys", token).json().path("journeys")) {
            if (key.equals(e.path("journey").asString())) {
                return e;
            }
        }
        return Api.JSON.createObjectNode();
    }

    private String tags(String token, String customer) {
        return api().get("/api/v1/customers/" + customer + "/360", token).json().path("tags").toString();
    }

    private String track(String token, String type, String email, String id) {
        var tracked = api().post("/api/v1/events", token, "{\"events\": [{\"eventId\": \"jr-" + id + "\", \"type\": \"" + type
                + "\", \"time\": \"" + Instant.now() + "\", \"identities\": {\"email\": \"" + email + "\"}}]}");
        assertThat(tracked.status()).as(tracked.raw()).isIn(200, 201, 207);
        return tracked.json().path("results").get(0).path("customerId").asString();
    }
}
