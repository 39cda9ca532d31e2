package io.quanyu.core.messaging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The send id of a message: {@code snd_} and 32 hex digits of the SHA-256 of its idempotency key, so the same key is
 * the same send wherever it is derived (the delivery service, the plugin test kit's stand-in for it).
 */
public final class SendIds {
    /** What a send id looks like. */
    public static final Pattern PATTERN = Pattern.compile("snd_[0-9a-f]{32}");

    private SendIds() {
    }

    public static String of(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "snd_" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
