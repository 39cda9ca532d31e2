package io.quanyu.fakes.wechat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * The signed POST of one push, in the account's mode (reference §1.2): the query always carries {@code signature},
 * {@code timestamp}, {@code nonce} and {@code openid}; the compatible and safe modes add {@code encrypt_type=aes} and
 * {@code msg_signature}. The body is the plain XML, the plain XML with an {@code Encrypt} element (compatible), or only
 * {@code ToUserName} and {@code Encrypt} (safe).
 */
record CallbackRequest(URI uri, String body) {

    static CallbackRequest build(AccountConfig config, String xml, String openId, long timestamp, String nonce) {
        String ts = Long.toString(timestamp);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("signature", Signatures.sha1Sorted(config.token(), ts, nonce));
        query.put("timestamp", ts);
        query.put("nonce", nonce);
        query.put("openid", openId);
        String body = xml;
        if (config.mode() != MessageMode.PLAIN) {
            String encrypted = config.crypto().encrypt(xml);
            query.put("encrypt_type", "aes");
            query.put("msg_signature", Signatures.sha1Sorted(config.token(), ts, nonce, encrypted));
            StringBuilder encryptElement = new StringBuilder();
            InboundMessage.element(encryptElement, "Encrypt", encrypted);
            if (config.mode() == MessageMode.COMPATIBLE) {
                body = xml.substring(0, xml.length() - "</xml>".length()) + encryptElement + "</xml>";
            } else {
                StringBuilder safe = new StringBuilder("<xml>");
                InboundMessage.element(safe, "ToUserName", config.originalId());
                body = safe.append(encryptElement).append("</xml>").toString();
            }
        }
        return new CallbackRequest(URI.create(withQuery(config.callbackUrl(), query)), body);
    }

    static String withQuery(String url, Map<String, String> query) {
        String encoded = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return url + (url.contains("?") ? "&" : "?") + encoded;
    }

    /** A nonce as WeChat sends them: a decimal number of up to ten digits. */
    static String nonce() {
        return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000L, 10_000_000_000L));
    }
}
