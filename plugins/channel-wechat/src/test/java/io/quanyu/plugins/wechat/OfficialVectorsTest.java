package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import io.quanyu.plugin.testkit.Installed;
import io.quanyu.plugin.testkit.TestHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The callback webhook against WeChat's published vectors (reference §1.1 and §1.6 C), bit for bit, and against
 * forgeries: a wrong signature or msg_signature is 403 and leaves nothing behind.
 */
class OfficialVectorsTest {
    private static final String TENANT = "acme";
    private static final String SAFE_APP = "wxb11529c136998cb6";
    private static final String ENCRYPTED = "jn1L23DB+6ELqJ+6bruv27AKIBFtmZ9JQbUxl7mTFlM30NheKDRSmzml3///nmhaSs9xUACSIMHn2sNUrkj3j"
            + "+HVrqBXfs8nIMswJFABgngUGbBiYfjjhO/r1fqDmmpmoGdG1Fm4xKX26J/khzFw69rWrV/epYTrkLeKAdUUgC2/mj6E0yGAHEMlgL4c4iNL"
            + "2esab3DnkU5X/v9eC9Q36oe3dGwGltLPXQitPopS0tIhgUTC0RBapUtY8ONzzigLb5sxS7kS7B/Fdt+BFDg0rYMYA3jmbH3mBQsF8zj9to"
            + "RkW8xBJhJMcdqdVIn7+DgvgHhZhR3EHz4Q/wmNZpxffxV3fRk9GfOtSwqnKooMa3udor/Ir1zPFBYMqWYsXWQOHIM6cBzHoDd31/g5Ueam"
            + "QbELZcA0FKcVIPtSNlj/IsU=";
    private static final String SAFE_BODY = "<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><Encrypt><![CDATA["
            + ENCRYPTED + "]]></Encrypt></xml>";
    private static final String SAFE_QUERY = "?signature=76480565cbe296026c53aaacd1ad523a1ddba24f&timestamp=1409304348"
            + "&nonce=xxxxxx&openid=oia2TjuEGTNoeX76QEjQNrcURxG8&encrypt_type=aes";

    private final TestHost host = TestHost.start();
    private final Installed plugin = host.install(WeChatPluginZip.release());

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void urlVerificationAnswersTheEchostrForTheOfficialSignatureOnly() {
        host.services().settings(TENANT, WeChatPluginZip.PLUGIN_ID, Map.of("appId", "wxAAAAAtest", "appSecret", "s",
                "token", "AAAAA", "mode", "plain"));
        String query = "?timestamp=1714036504&nonce=1514711492&echostr=4375120948345356249";

        WebhookResponse ok = get("wxAAAAAtest", query + "&signature=f464b24fc39322e44b38aa78f5edd27bd1441696");
        WebhookResponse forged = get("wxAAAAAtest", query + "&signature=f464b24fc39322e44b38aa78f5edd27bd1441697");

        assertThat(ok.status()).isEqualTo(200);
        assertThat(new String(ok.body(), StandardCharsets.UTF_8)).isEqualTo("4375120948345356249");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(get("wxAAAAAtest", "?timestamp=1714036504&nonce=1514711492&echostr=1").status()).isEqualTo(403);
        assertThat(get("wxUnknown", query + "&signature=f464b24fc39322e44b38aa78f5edd27bd1441696").status())
                .isEqualTo(404);
    }

    @Test
    void theOfficialSafeModeMessageIsDecryptedAndTracked() {
        safeAccount();

        WebhookResponse answer = post(SAFE_QUERY + "&msg_signature=f3ee1f302a1353a2a6f57d58add5d4ef505ab5aa", SAFE_BODY);
        host.services().clock().set(java.time.Instant.now());
        host.runDueTasks();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("success");
        assertThat(host.services().emitted(TENANT)).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo("wechat.message");
            assertThat(event.identities()).containsExactly(io.quanyu.plugin.sdk.Identity.scoped("wechat_openid",
                    SAFE_APP, "oia2TjuEGTNoeX76QEjQNrcURxG8"));
            assertThat(event.properties()).containsEntry("content", "hello").containsEntry("msgId", "1234567890123456");
        });
    }

    @Test
    void aForgedSignatureIsRefusedAndNothingIsRecorded() {
        safeAccount();

        WebhookResponse badMsgSignature = post(SAFE_QUERY + "&msg_signature=f3ee1f302a1353a2a6f57d58add5d4ef505ab5ab",
                SAFE_BODY);
        WebhookResponse badSignature = post(SAFE_QUERY.replace("76480565", "76480566")
                + "&msg_signature=f3ee1f302a1353a2a6f57d58add5d4ef505ab5aa", SAFE_BODY);
        WebhookResponse plainToSafe = post(SAFE_QUERY.replace("&encrypt_type=aes", ""),
                "<xml><FromUserName>x</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>");

        assertThat(badMsgSignature.status()).isEqualTo(403);
        assertThat(badSignature.status()).isEqualTo(403);
        assertThat(plainToSafe.status()).as("a safe-mode account takes encrypted callbacks only").isEqualTo(403);
        assertThat(host.pendingTasks()).isEmpty();
        assertThat(post(SAFE_QUERY + "&msg_signature=f3ee1f302a1353a2a6f57d58add5d4ef505ab5aa", SAFE_BODY).status())
                .as("the refusals kept nothing that would make the real one a duplicate").isEqualTo(200);
        assertThat(host.pendingTasks()).hasSize(1);
    }

    private void safeAccount() {
        host.services().settings(TENANT, WeChatPluginZip.PLUGIN_ID, Map.of("appId", SAFE_APP, "appSecret", "s",
                "token", "pamtest", "encodingAesKey", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "mode", "safe"));
    }

    private WebhookResponse get(String appId, String query) {
        return host.webhook(plugin, TENANT, "GET", "callback/" + appId + query, Map.of(), new byte[0]);
    }

    private WebhookResponse post(String query, String body) {
        return host.webhook(plugin, TENANT, "POST", "callback/" + SAFE_APP + query,
                Map.of("Content-Type", "text/xml"), body.getBytes(StandardCharsets.UTF_8));
    }
}
