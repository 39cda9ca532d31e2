package io.quanyu.fakes.wechat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * An account's JS-SDK tickets (reference §3.9): {@code jsapi} signs {@code wx.config}, {@code wx_card} signs the
 * {@code cardExt} of {@code wx.addCard}. Each lives 7200 seconds; asking again before then answers the same ticket,
 * as WeChat does, and a fresh one replaces it afterwards.
 */
final class JsTickets {

    static final Duration LIFETIME = Duration.ofSeconds(7200);

    private final Map<String, Issued> current = new HashMap<>();

    record Issued(String value, Instant expiresAt) {
        long expiresIn(Instant now) {
            return Math.max(0, Duration.between(now, expiresAt).toSeconds());
        }
    }

    Issued issue(String type, Instant now) {
        Issued issued = current.get(type);
        if (issued == null || !now.isBefore(issued.expiresAt())) {
            issued = new Issued(MessageCrypto.randomString(86), now.plus(LIFETIME));
            current.put(type, issued);
        }
        return issued;
    }

    /** The live ticket of this type, or {@code null} when none was asked for or it expired. */
    String live(String type, Instant now) {
        Issued issued = current.get(type);
        return issued == null || !now.isBefore(issued.expiresAt()) ? null : issued.value();
    }
}
