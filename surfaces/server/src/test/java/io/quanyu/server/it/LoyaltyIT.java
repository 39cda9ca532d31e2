package io.quanyu.server.it;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loyalty plugin, as {@code plugins/loyalty} built and signed it, on the real host and store: an order sent to the
 * order API earns points at the program's rate through the plugin's subscription, the member spends some over REST,
 * the order's refund takes back what is left of its points (the program's partial policy), and each step is on the
 * member's timeline.
 */
class LoyaltyIT extends RealServersIT {
    static final Path RELEASES = Path.of("../../plugins/loyalty/target").toAbsolutePath().normalize();
    private static final String ID = "loyalty";
    private static String admin;

    @BeforeAll
    static void install() {
        assertThat(RELEASES.resolve("loyalty-1.1.0.zip.sig"))
                .as("the release signed by the plugins/ build (mvn install -pl plugins/loyalty)").exists();
        admin = Tokens.demo("acme-admin");
    }

    @AfterEach
    void uninstall() {
        api().delete("/api/v1/plugins/" + ID, admin); // other tests count what acme has installed
    }

    @Test
    void anOrderEarnsPointsThroughTheSubscriptionASpendTakesSomeAndTheRefundTakesBackWhatIsLeft() {
        api().post("/api/v1/plugins", admin, "{\"pluginId\": \"" + ID + "\"}");
        var enabled = api().post("/api/v1/plugins/" + ID + "/enable", admin, "{\"settings\": {}}");
        assertThat(enabled.status()).as(enabled.raw()).isEqualTo(200);
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String program = "it-" + run;
        var defined = call("defineProgram", Map.of("key", program, "name", "积分 " + run, "expiry", "months", "expiryMonths", 12,
                "pointsPerYuan", 2, "refundPolicy", "partial"));
        assertThat(defined.status()).as(defined.raw()).isEqualTo(200);
        var unknown = call("defineRules", Map.of());
        assertThat(unknown.status()).as(unknown.raw()).isEqualTo(404);
        assertThat(unknown.json().path("code").asString()).isEqualTo("PLUGIN_OPERATION_NOT_FOUND");
        assertThat(unknown.json().path("details").path("version").asString()).isEqualTo("1.1.0");

        String order = """
                {"orders": [{"orderNo": "LOY-%s", "identities": {"phone": "139%s"}, "status": "%s",
                  "total": {"amount": 45.50, "currency": "CNY"}, "orderedAt": "%s"}]}""";
        String phone = String.valueOf(10_000_000 + Math.abs(run.hashCode() % 89_999_999));
        var paid = api().post("/api/v1/orders", admin, order.formatted(run, phone, "paid", Instant.now().minusSeconds(60)));
        assertThat(paid.json().path("results").get(0).path("status").asString()).as(paid.raw()).isEqualTo("stored");
        String member = paid.json().path("results").get(0).path("customerId").asString();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> balance(program, member).path("balance").asLong() == 91);

        var spent = call("spend", Map.of("program", program, "customerId", member, "points", 50, "key", "mall-" + run));
        assertThat(spent.status()).as(spent.raw()).isEqualTo(200);
        var tooMuch = call("spend", Map.of("program", program, "customerId", member, "points", 50, "key", "mall2-" + run));
        assertThat(tooMuch.json().path("details").path("pluginCode").asString()).as(tooMuch.raw()).isEqualTo("INSUFFICIENT_POINTS");

        var refunded = api().post("/api/v1/orders", admin, order.formatted(run, phone, "refunded", Instant.now().minusSeconds(30)));
        assertThat(refunded.json().path("results").get(0).path("status").asString()).as(refunded.raw()).isEqualTo("stored");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> balance(program, member).path("balance").asLong() == 0);
        JsonNode ledger = call("ledger", Map.of("program", program, "customerId", member)).json();
        assertThat(ledger.path("lots").get(0).path("reversed").asLong()).as(ledger.toString()).isEqualTo(41);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api().get("/api/v1/customers/" + member
                + "/timeline?types=points.earned,points.spent,points.reversed", admin).raw())
                .contains("points.earned", "points.spent", "points.reversed"));
    }

    private JsonNode balance(String program, String member) {
        return call("balance", Map.of("program", program, "customerId", member)).json();
    }

    private Api.Reply call(String operation, Map<String, Object> input) {
        return api().post("/api/v1/plugins/" + ID + "/operations/" + operation, admin, Api.JSON.writeValueAsString(Map.of("input", input)));
    }
}
