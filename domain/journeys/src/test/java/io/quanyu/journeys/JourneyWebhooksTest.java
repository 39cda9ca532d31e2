package io.quanyu.journeys;

import io.quanyu.core.net.EgressPolicy;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Webhooks' signatures against the Standard Webhooks specification's published example, and where they may go. */
class JourneyWebhooksTest {

    @Test
    void theSignatureIsStandardWebhooksOnItsPublishedExample() {
        // the example of the specification's reference libraries (libraries/java WebhookTest.verifyWebhookSignWorks)
        assertThat(JourneyWebhooks.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        String secret = JourneyWebhooks.newSecret();
        assertThat(secret).startsWith("whsec_").hasSize(6 + 44).isNotEqualTo(JourneyWebhooks.newSecret());
    }

    @Test
    void aWebhookGoesOnlyToHttpsAndPublicAddressesButForHostsTheOperatorAllows() {
        JourneyWebhooks strict = new JourneyWebhooks(EgressPolicy.strict());
        assertThat(strict.refused(URI.create("http://example.com/hook"), "/u")).hasValueSatisfying(v -> assertThat(v.code()).isEqualTo("https"));
        assertThat(strict.refused(URI.create("https://169.254.169.254/latest"), "/u")).hasValueSatisfying(v -> assertThat(v.code()).isEqualTo("blocked"));
        assertThat(strict.refused(URI.create("https://[::1]:8443/hook"), "/u")).hasValueSatisfying(v -> assertThat(v.code()).isEqualTo("blocked"));
        assertThat(strict.refused(URI.create("https://10.1.2.3/hook"), "/u")).isPresent();
        assertThat(strict.refused(URI.create("https://8.8.8.8/hook"), "/u")).isEmpty();
        assertThat(strict.refused(URI.create("https://partner.example.com/hook"), "/u")).as("names resolve when sent").isEmpty();
        assertThat(strict.post(URI.create("https://127.0.0.1:1/hook"), "id", new byte[0], JourneyWebhooks.newSecret(), Instant.now()))
                .satisfies(a -> {
                    assertThat(a.code()).isEqualTo("WEBHOOK_REFUSED");
                    assertThat(a.retryAfter()).isNull();
                });
        assertThat(strict.post(URI.create("https://localhost:1/hook"), "id", new byte[0], JourneyWebhooks.newSecret(), Instant.now()))
                .satisfies(a -> assertThat(a.code()).isEqualTo("EGRESS_ADDRESS_BLOCKED"));

        JourneyWebhooks allowing = new JourneyWebhooks(EgressPolicy.allowingPrivate("127.0.0.1"));
        assertThat(allowing.refused(URI.create("http://127.0.0.1:8080/hook"), "/u")).isEmpty();
        assertThat(allowing.post(URI.create("http://127.0.0.1:1/hook"), "id", new byte[0], JourneyWebhooks.newSecret(), Instant.now()))
                .as("nothing listens there").satisfies(a -> {
                    assertThat(a.code()).isEqualTo("WEBHOOK_UNREACHABLE");
                    assertThat(a.retryAfter()).isEqualTo(JourneyWebhooks.RETRY_AFTER);
                });
    }

    @Test
    void aStepsUrlIsAnAbsoluteHttpUrlWithoutUserInfo() {
        assertThat(JourneyWebhooks.url("https://partner.example.com/hooks/quanyu?x=1")).isNotNull();
        assertThat(JourneyWebhooks.url("ftp://partner.example.com/")).isNull();
        assertThat(JourneyWebhooks.url("https://user:pw@partner.example.com/")).isNull();
        assertThat(JourneyWebhooks.url("/relative")).isNull();
        assertThat(JourneyWebhooks.url("https://partner.example.com/" + "x".repeat(2_000))).isNull();
        assertThat(JourneyWebhooks.url("not a url")).isNull();
    }
}
