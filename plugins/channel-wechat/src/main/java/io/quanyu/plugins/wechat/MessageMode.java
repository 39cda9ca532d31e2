package io.quanyu.plugins.wechat;

import java.util.Locale;
import java.util.Optional;

/**
 * How an official account's callbacks come (消息加解密方式), as set in WeChat's console and in the plugin's settings:
 * {@code plain} bodies, {@code compatible} (plain and encrypted in one body) or {@code safe} (encrypted only). In the
 * two encrypted modes the plugin takes only encrypted bodies, so that nobody who learnt the token alone can post.
 */
enum MessageMode {
    PLAIN, COMPATIBLE, SAFE;

    /** Whether a callback must come encrypted. */
    boolean encrypted() {
        return this != PLAIN;
    }

    static Optional<MessageMode> of(String setting) {
        try {
            return Optional.of(valueOf(setting.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
