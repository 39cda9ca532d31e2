package io.quanyu.fakes.wechat;

import java.util.Locale;

/** The console's message encryption mode (明文 / 兼容 / 安全), which decides how callbacks are signed and wrapped. */
public enum MessageMode {
    PLAIN, COMPATIBLE, SAFE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MessageMode of(String name) {
        for (MessageMode mode : values()) {
            if (mode.wireName().equalsIgnoreCase(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("mode is plain, compatible or safe, not " + name);
    }
}
