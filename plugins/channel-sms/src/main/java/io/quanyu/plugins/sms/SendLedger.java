package io.quanyu.plugins.sms;

import io.quanyu.plugin.sdk.PluginStore;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * What the plugin remembers of each send id in its private store, so that a send retried with the same id goes out at
 * most once although Dysmsapi itself is not idempotent:
 * <ul>
 *   <li>the {@code BizId} of a send the provider accepted: a retry answers it without calling again;</li>
 *   <li>how many times the provider answered and did not send. The {@code SignatureNonce} is derived from the send id
 *       and that count, so a retry after a lost answer (a timeout: did it go out?) repeats the nonce, which the
 *       provider refuses as a replay within its window if the first request got through, while a retry after a
 *       definite refusal (throttled, ...) is a new request with a new nonce.</li>
 * </ul>
 */
final class SendLedger {
    /** Longer than the platform retries a send and the provider's nonce window. */
    private static final Duration KEEP = Duration.ofDays(7);

    private final PluginStore store;
    private final String sendId;

    SendLedger(PluginStore store, String sendId) {
        this.store = store;
        this.sendId = sendId;
    }

    /** The message id of an earlier attempt of this send that the provider accepted. */
    Optional<String> acceptedAs() {
        return store.get("sent:" + sendId).map(entry -> String.valueOf(entry.value()));
    }

    /** The {@code SignatureNonce} of the next attempt: a UUID derived from the send id and the refusals so far. */
    String nonce() {
        long refusals = store.get("refusals:" + sendId).map(entry -> ((Number) entry.value()).longValue()).orElse(0L);
        return UUID.nameUUIDFromBytes(("channel-sms:" + sendId + "#" + refusals).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The provider accepted the send as {@code bizId} (the send id itself when its answer was lost). */
    void accepted(String bizId) {
        store.put("sent:" + sendId, bizId, KEEP);
    }

    /** The provider answered and did not send: the next attempt is a new request. */
    void refused() {
        store.increment("refusals:" + sendId, 1, KEEP);
    }
}
