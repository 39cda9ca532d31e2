package io.quanyu.plugin.pkg;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Publisher keys and release signatures. A release is signed over the zip's bytes with Ed25519 or RSA-SHA256
 * (RSA keys of at least {@value #MIN_RSA_BITS} bits); keys are X.509 SubjectPublicKeyInfo, as PEM or bare base64.
 * Instances are stateless and thread-safe.
 */
public final class ReleaseSignatures {
    /** The smallest RSA modulus accepted. */
    public static final int MIN_RSA_BITS = 2048;
    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";

    /**
     * Reads a publisher's public key.
     *
     * @throws QuanyuException {@code PLUGIN_PUBLISHER_KEY_INVALID} (detail {@code reason}) for anything but an
     *                         Ed25519 key or an RSA key of at least 2048 bits
     */
    public PublicKey publicKey(String pem) {
        byte[] der = der(pem);
        for (String algorithm : new String[]{"Ed25519", "RSA"}) {
            PublicKey key = decode(algorithm, der);
            if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw keyInvalid("RSA keys need at least " + MIN_RSA_BITS + " bits, this one has "
                        + rsa.getModulus().bitLength());
            }
            if (key != null) {
                return key;
            }
        }
        throw keyInvalid("not an Ed25519 or RSA public key");
    }

    /** Whether {@code signature} is {@code key}'s signature of {@code data} (Ed25519 or SHA256withRSA by key type). */
    public boolean verifies(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(algorithm(key).equals("RSA") ? "SHA256withRSA" : "Ed25519");
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The SHA-512 of {@code data}, lower-case hex. */
    public static String sha512(byte[] data) {
        return HexFormat.of().formatHex(digest("SHA-512", data));
    }

    /** A key's short id: the first 16 hex digits of the SHA-256 of its DER encoding. */
    public static String keyId(PublicKey key) {
        return HexFormat.of().formatHex(digest("SHA-256", key.getEncoded())).substring(0, 16);
    }

    /** {@code Ed25519} or {@code RSA} (the JDK calls Ed25519 keys {@code EdDSA}). */
    public static String algorithm(PublicKey key) {
        return key.getAlgorithm().equals("RSA") ? "RSA" : "Ed25519";
    }

    /** A key's PEM text, as {@link #publicKey} reads it. */
    public static String pem(PublicKey key) {
        return PEM_BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n" + PEM_END + "\n";
    }

    private static byte[] der(String pem) {
        if (pem == null || pem.isBlank()) {
            throw keyInvalid("no key given");
        }
        String body = pem.replace(PEM_BEGIN, "").replace(PEM_END, "").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw keyInvalid("not PEM or base64");
        }
    }

    private static PublicKey decode(String algorithm, byte[] der) {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is a required JDK algorithm", e);
        }
    }

    private static QuanyuException keyInvalid(String reason) {
        return new QuanyuException(ErrorCode.PLUGIN_PUBLISHER_KEY_INVALID, Map.of("reason", reason));
    }
}
