package io.quanyu.fakes.wechat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** URL verification as the console does it (reference §1.1): a signed GET whose echostr must come back verbatim. */
class UrlVerificationTest {

    private final TestCallback callback = new TestCallback();
    private final WeChatFake fake = WeChatFake.start();

    UrlVerificationTest() {
        fake.addAccount(AccountConfig.of("wx1", "secret1", "verify-token").withMode(MessageMode.SAFE)
                .withCallbackUrl(callback.url()));
    }

    @AfterEach
    void close() {
        fake.close();
        callback.close();
    }

    @Test
    void aServerThatChecksTheSignatureAndEchoesPasses() {
        callback.respond(request -> {
            Map<String, String> q = request.query();
            boolean signed = q.get("signature").equals(
                    Signatures.sha1Sorted("verify-token", q.get("timestamp"), q.get("nonce")));
            return new TestCallback.Answer(200, signed ? q.get("echostr") : "bad signature");
        });
        JsonNode result = new TestHttp(fake.baseUrl()).post("/fake/accounts/wx1/verify", "");
        assertThat(result.path("ok").asBoolean()).isTrue();
        assertThat(callback.received()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.query()).containsOnlyKeys("signature", "timestamp", "nonce", "echostr");
            assertThat(request.query().get("echostr")).matches("\\d+");
        });
    }

    @Test
    void aServerThatAnswersSomethingElseFails() {
        callback.respond(request -> new TestCallback.Answer(200, "success"));
        Verification result = fake.verifyCallbackUrl("wx1");
        assertThat(result.ok()).isFalse();
        assertThat(result.body()).isEqualTo("success");
        assertThat(result.problem()).contains(result.echostr());
    }
}
