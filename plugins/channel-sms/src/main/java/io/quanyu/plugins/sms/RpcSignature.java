package io.quanyu.plugins.sms;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Alibaba Cloud's signature for RPC-style APIs (SignatureMethod {@code HMAC-SHA1}, SignatureVersion {@code 1.0}), which
 * Dysmsapi checks on every request: the parameters sorted by name and percent-encoded (RFC 3986: only letters, digits
 * and {@code - _ . ~} stay as they are, a space is {@code %20}, a {@code *} is {@code %2A}), joined as a query, encoded
 * once more into {@code HTTPMethod&%2F&<query>}, and signed with HMAC-SHA1 keyed by the AccessKey secret and
 * {@code &}; the signature is the Base64 of the digest.
 */
final class RpcSignature {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RpcSignature() {
    }

    /** The signature of a request with these parameters (the {@code Signature} parameter itself excluded). */
    static String sign(String httpMethod, Map<String, String> parameters, String accessKeySecret) {
        return hmacSha1Base64(stringToSign(httpMethod, parameters), accessKeySecret + "&");
    }

    /** {@code HTTPMethod&%2F&percentEncode(canonicalized query)}. */
    static String stringToSign(String httpMethod, Map<String, String> parameters) {
        return httpMethod + "&" + percentEncode("/") + "&" + percentEncode(canonicalQuery(parameters));
    }

    /** The parameters sorted by name, each {@code percentEncode(name)=percentEncode(value)}, joined by {@code &}. */
    static String canonicalQuery(Map<String, String> parameters) {
        SortedMap<String, String> sorted = new TreeMap<>(parameters);
        sorted.remove("Signature");
        StringJoiner query = new StringJoiner("&");
        sorted.forEach((name, value) -> query.add(percentEncode(name) + "=" + percentEncode(value)));
        return query.toString();
    }

    /** RFC 3986 percent-encoding of the UTF-8 bytes: every byte but {@code A-Z a-z 0-9 - _ . ~} becomes {@code %XY}. */
    static String percentEncode(String value) {
        StringBuilder out = new StringBuilder(value.length() * 3);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0x0f]);
            }
        }
        return out.toString();
    }

    private static String hmacSha1Base64(String data, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no HmacSHA1", e);
        }
    }
}
