package io.quanyu.plugins.email;

import io.quanyu.plugin.sdk.PluginStore;
import io.quanyu.plugin.sdk.channel.SendResult;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps sends at most once per send id, in the plugin's store: a send is claimed ({@code sending}, with its
 * Message-ID) before the SMTP transaction and marked {@code sent} after the server accepted it, so that the platform
 * retrying a send id is answered {@code sent} with the same message id and nothing goes out again. A claim is
 * released when the server certainly did not take the message (it could not be reached, or it refused with a reply
 * code), so that the retry sends.
 * <p>
 * The window that remains: when the call ends between the start of the SMTP transaction and the server's answer to
 * its end (the plugin crashes, the connection breaks after the message's last line), the plugin cannot know whether
 * the server took the message. The claim then stays {@code sending} and every later attempt of the send id answers
 * {@code EMAIL_SEND_IN_DOUBT} without sending: such a message may have been delivered although the platform records
 * it failed, but it is never delivered twice. Entries are kept {@value #KEEP_DAYS} days, longer than the platform
 * retries a send.
 */
final class SendLedger {
    private static final int KEEP_DAYS = 30;
    private static final Duration KEEP = Duration.ofDays(KEEP_DAYS);
    private static final String SENDING = "sending";
    private static final String SENT = "sent";

    private final PluginStore store;

    SendLedger(PluginStore store) {
        this.store = store;
    }

    /** What an earlier attempt of the send came to, when one was made: sent, or in doubt. */
    Optional<SendResult> earlier(String sendId) {
        return store.get(key(sendId)).map(entry -> {
            Map<?, ?> value = (Map<?, ?>) entry.value();
            return SENT.equals(value.get("state")) ? SendResult.sent((String) value.get("messageId"))
                    : SendResult.failed("EMAIL_SEND_IN_DOUBT", "an earlier attempt of this send was cut off during "
                    + "the SMTP transaction, so the server may have taken it; it is not sent again", false);
        });
    }

    /** Claims the send for this attempt; false when another attempt has it. */
    boolean claim(String sendId, String messageId) {
        return store.putIfAbsent(key(sendId), Map.of("state", SENDING, "messageId", messageId), KEEP);
    }

    void sent(String sendId, String messageId) {
        store.put(key(sendId), Map.of("state", SENT, "messageId", messageId), KEEP);
    }

    /** Gives the send back for a later attempt: the server certainly did not take it. */
    void release(String sendId) {
        store.delete(key(sendId));
    }

    private static String key(String sendId) {
        return "send:" + sendId;
    }
}
