package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import me.chanjar.weixin.common.error.WxRuntimeException;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.mp.util.crypto.WxMpCryptUtil;
import org.pf4j.Extension;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * {@code /hooks/{tenant}/channel-wechat/callback/{appId}}, the server URL (服务器地址) of each official account. A
 * {@code GET} is WeChat's URL verification: the signature over the token, timestamp and nonce, answered with the
 * {@code echostr}. A {@code POST} is a follower's message or event: its signature is checked (and in the encrypted
 * modes the {@code msg_signature} and the AES envelope, with WxJava's {@link WxMpCryptUtil}), then the
 * {@link CallbackInbox} takes it and the answer is {@code success} at once; the work is done on a task, well inside
 * WeChat's five seconds. A forged signature is 403 and nothing is recorded.
 */
@Extension
public class CallbackWebhook implements WebhookHandler {
    static final String PATH = "callback";
    private static final String ACK = "success";

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public WebhookResponse handle(WebhookRequest request) {
        PluginContext context = request.context();
        String appId = request.subPath().startsWith("/") ? request.subPath().substring(1) : request.subPath();
        Optional<OfficialAccount> account = WeChatSettings.from(context.settings()).account(appId);
        if (account.isEmpty()) {
            return WebhookResponse.text(404, "no official account " + appId + " is set up");
        }
        String timestamp = request.parameter("timestamp");
        String nonce = request.parameter("nonce");
        if (timestamp == null || nonce == null
                || !same(SHA1.gen(account.get().token(), timestamp, nonce), request.parameter("signature"))) {
            return WebhookResponse.text(403, "bad signature");
        }
        return switch (request.method()) {
            case "GET" -> verification(request);
            case "POST" -> message(context, account.get(), request, timestamp, nonce);
            default -> WebhookResponse.text(405, "WeChat calls with GET or POST");
        };
    }

    /** URL verification: the echostr verbatim (the official account echoes it plain in every mode). */
    private static WebhookResponse verification(WebhookRequest request) {
        String echo = request.parameter("echostr");
        return echo == null ? WebhookResponse.text(400, "no echostr") : WebhookResponse.text(200, echo);
    }

    private static WebhookResponse message(PluginContext context, OfficialAccount account, WebhookRequest request,
                                           String timestamp, String nonce) {
        String body = new String(request.body(), StandardCharsets.UTF_8);
        boolean encrypted = "aes".equals(request.parameter("encrypt_type"));
        if (account.mode().encrypted() != encrypted) {
            return WebhookResponse.text(403, "account " + account.appId() + " takes " + account.mode().name()
                    .toLowerCase(java.util.Locale.ROOT) + " callbacks");
        }
        String xml;
        if (encrypted) {
            String msgSignature = request.parameter("msg_signature");
            if (msgSignature == null) {
                return WebhookResponse.text(403, "no msg_signature");
            }
            try {
                xml = new WxMpCryptUtil(account.wxConfig()).decryptXml(msgSignature, timestamp, nonce, body);
            } catch (WxRuntimeException e) {
                return WebhookResponse.text(403, "bad msg_signature or envelope");
            } catch (RuntimeException e) {
                return WebhookResponse.text(400, "not an encrypted WeChat message");
            }
        } else {
            xml = body;
        }
        try {
            new CallbackInbox(context).accept(account.appId(), xml);
        } catch (IllegalArgumentException e) {
            return WebhookResponse.text(400, e.getMessage());
        } catch (PluginException e) {
            context.log().warn("cannot take a callback of {} now ({}), WeChat will send it again", account.appId(),
                    e.code());
            return WebhookResponse.text(503, "cannot take it now: " + e.code());
        }
        return WebhookResponse.text(200, ACK);
    }

    private static boolean same(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
