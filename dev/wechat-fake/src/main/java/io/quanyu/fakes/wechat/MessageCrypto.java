package io.quanyu.fakes.wechat;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The message encryption of the compatible and safe modes (reference §1.3): AES-256-CBC with the key decoded from the
 * 43-character EncodingAESKey and the key's first 16 bytes as IV, PKCS#7 padding to 32 bytes, over
 * {@code random(16) ‖ length(4, big-endian) ‖ message ‖ appId}. Kept apart so the official vectors can pin it.
 */
public final class MessageCrypto {

    private static final int BLOCK_SIZE = 32;
    private static final String RANDOM_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final IvParameterSpec iv;
    private final String appId;

    public MessageCrypto(String encodingAesKey, String appId) {
        byte[] raw = decodeKey(encodingAesKey);
        this.key = new SecretKeySpec(raw, "AES");
        this.iv = new IvParameterSpec(Arrays.copyOf(raw, 16));
        this.appId = appId;
    }

    /** Checks an EncodingAESKey's shape: 43 characters of [a-zA-Z0-9] that decode to 32 bytes. */
    public static byte[] decodeKey(String encodingAesKey) {
        if (encodingAesKey == null || !encodingAesKey.matches("[a-zA-Z0-9]{43}")) {
            throw new IllegalArgumentException("an EncodingAESKey is 43 characters of [a-zA-Z0-9]");
        }
        return Base64.getDecoder().decode(encodingAesKey + "=");
    }

    /** A fresh EncodingAESKey, for accounts configured without one. */
    public static String randomEncodingAesKey() {
        return randomString(43);
    }

    /** 16 random characters from [A-Za-z0-9], as WeChat pads its plaintexts. */
    public static String randomString(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(RANDOM_ALPHABET.charAt(RANDOM.nextInt(RANDOM_ALPHABET.length())));
        }
        return out.toString();
    }

    public String encrypt(String message) {
        return encrypt(randomString(16), message);
    }

    /** Encrypts with the given 16-character random prefix (the official vectors fix it). */
    public String encrypt(String random, String message) {
        byte[] randomBytes = random.getBytes(StandardCharsets.UTF_8);
        if (randomBytes.length != 16) {
            throw new IllegalArgumentException("the random prefix is 16 bytes");
        }
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        plain.writeBytes(randomBytes);
        plain.writeBytes(ByteBuffer.allocate(4).putInt(body.length).array());
        plain.writeBytes(body);
        plain.writeBytes(appId.getBytes(StandardCharsets.UTF_8));
        int pad = BLOCK_SIZE - plain.size() % BLOCK_SIZE;
        for (int i = 0; i < pad; i++) {
            plain.write(pad);
        }
        return Base64.getEncoder().encodeToString(run(Cipher.ENCRYPT_MODE, plain.toByteArray()));
    }

    public Decrypted decrypt(String base64) {
        byte[] plain = run(Cipher.DECRYPT_MODE, Base64.getDecoder().decode(base64));
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > BLOCK_SIZE || pad > plain.length - 20) {
            throw new IllegalArgumentException("bad PKCS#7 padding");
        }
        int end = plain.length - pad;
        int length = ByteBuffer.wrap(plain, 16, 4).getInt();
        if (length < 0 || 20 + length > end) {
            throw new IllegalArgumentException("bad message length " + length);
        }
        return new Decrypted(
                new String(plain, 0, 16, StandardCharsets.UTF_8),
                new String(plain, 20, length, StandardCharsets.UTF_8),
                new String(plain, 20 + length, end - 20 - length, StandardCharsets.UTF_8));
    }

    private byte[] run(int mode, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(mode, key, iv);
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES failed: " + e.getMessage(), e);
        }
    }

    /** A decrypted envelope: the random prefix, the message and the trailing app id. */
    public record Decrypted(String random, String message, String appId) {
    }
}
