package io.quanyu.fakes.wechat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * WeChat's signature: the strings sorted lexicographically, concatenated, SHA-1, lower-case hex. With
 * {@code (token, timestamp, nonce)} it is the callback's {@code signature}; with the ciphertext added it is the
 * {@code msg_signature} of the encrypted modes (reference §1.1, §1.2).
 */
public final class Signatures {

    private Signatures() {
    }

    public static String sha1Sorted(String... parts) {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        return sha1(String.join("", sorted));
    }

    /**
     * The JS-SDK's {@code wx.config} signature (reference §3.9): SHA-1 of
     * {@code jsapi_ticket=...&noncestr=...&timestamp=...&url=...}, the URL without its {@code #...}.
     */
    public static String jsConfig(String ticket, String nonceStr, long timestamp, String url) {
        int hash = url.indexOf('#');
        return sha1("jsapi_ticket=" + ticket + "&noncestr=" + nonceStr + "&timestamp=" + timestamp + "&url="
                + (hash < 0 ? url : url.substring(0, hash)));
    }

    private static String sha1(String text) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is mandatory in every JDK", e);
        }
    }
}
