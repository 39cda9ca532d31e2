package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.PluginStore;
import io.quanyu.plugin.sdk.channel.SendResult;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps sends at most once per send id, in the plugin's store: a send is claimed ({@code sending}) before the call to
 * WeChat and marked {@code sent} with WeChat's msgid after, so that the platform retrying a send id is answered with
 * the same result and nothing goes out again; the msgid also names the send, for the {@code TEMPLATESENDJOBFINISH}
 * push. A claim is released when WeChat certainly did not send (it refused, or could not be reached). When the call
 * ends without an answer (a timeout after the request left), the claim stays and later attempts answer
 * {@code WECHAT_SEND_IN_DOUBT} without sending.
 */
final class SendLedger {
    static final String IN_DOUBT = "WECHAT_SEND_IN_DOUBT";
    /** Longer than the platform retries a send and WeChat pushes a template job's result. */
    private static final Duration KEEP = Duration.ofDays(30);

    private final PluginStore store;

    SendLedger(PluginStore store) {
        this.store = store;
    }

    /** What an earlier attempt of the send came to, when one was made: sent, or in doubt. */
    Optional<SendResult> earlier(String sendId) {
        return store.get(sendKey(sendId)).map(entry -> {
            Map<?, ?> value = (Map<?, ?>) entry.value();
            return value.get("msgId") instanceof String msgId ? SendResult.sent(msgId)
                    : SendResult.failed(IN_DOUBT, "an earlier attempt of this send got no answer from WeChat, which"
                    + " may have sent it; it is not sent again", false);
        });
    }

    /** Claims the send for this attempt; false when another attempt has it. */
    boolean claim(String sendId) {
        return store.putIfAbsent(sendKey(sendId), Map.of("state", "sending"), KEEP);
    }

    void sent(String sendId, String appId, String msgId) {
        store.put(sendKey(sendId), Map.of("state", "sent", "msgId", msgId), KEEP);
        store.put(msgKey(appId, msgId), sendId, KEEP);
    }

    /** Gives the send back for a later attempt: WeChat certainly did not send it. */
    void release(String sendId) {
        store.delete(sendKey(sendId));
    }

    /** The send a WeChat msgid of the account belongs to. */
    Optional<String> sendOf(String appId, String msgId) {
        return store.get(msgKey(appId, msgId)).map(entry -> String.valueOf(entry.value()));
    }

    private static String sendKey(String sendId) {
        return "send:" + sendId;
    }

    private static String msgKey(String appId, String msgId) {
        return "msgid:" + appId + ":" + msgId;
    }
}
