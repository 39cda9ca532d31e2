package io.quanyu.plugins.email;

import io.quanyu.plugin.sdk.PluginStore;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Signs the links the plugin puts in a message (open pixel, click redirect, unsubscribe) with HMAC-SHA256 under a
 * random key kept sealed in the tenant's plugin store, so that nobody can make the click webhook redirect to an
 * address of their choosing (an open redirect) or report opens and unsubscribes for another send. The key is made
 * once per tenant (put-if-absent, so concurrent first sends agree on it).
 */
final class LinkSigner {
    private static final String KEY = "link-signing-key";
    private static final int SIGNATURE_BYTES = 16;
    private final byte[] key;

    private LinkSigner(byte[] key) {
        this.key = key;
    }

    /** The tenant's signer, making its key on first use. */
    static LinkSigner forSending(PluginStore store) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        store.sealed().putIfAbsent(KEY, Base64.getEncoder().encodeToString(fresh), null);
        return forChecking(store).orElseThrow();
    }

    /** The tenant's signer, or empty when the plugin never signed a link for the tenant. */
    static Optional<LinkSigner> forChecking(PluginStore store) {
        return store.sealed().get(KEY).map(e -> new LinkSigner(Base64.getDecoder().decode((String) e.value())));
    }

    /** The signature of {@code values}, URL-safe. */
    String sign(String... values) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(values));
    }

    /** Whether {@code signature} is the signature of {@code values} (compared in constant time). */
    boolean verifies(String signature, String... values) {
        if (signature == null) {
            return false;
        }
        try {
            return MessageDigest.isEqual(mac(values), Base64.getUrlDecoder().decode(signature));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /** Each value length-prefixed, so that no two lists of values sign alike. */
    private byte[] mac(String... values) {
        StringBuilder text = new StringBuilder();
        for (String value : values) {
            text.append(value.length()).append(':').append(value);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(text.toString().getBytes(StandardCharsets.UTF_8)), SIGNATURE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
