package io.quanyu.fakes.wechat;

import java.util.Map;

/**
 * Reads the developer's answer to a push as WeChat would (reference §1.4, §1.5): {@code success} or an empty body is
 * no reply; otherwise an XML reply, which in the encrypted modes may (compatible) or must (safe) be the
 * {@code Encrypt}/{@code MsgSignature}/{@code TimeStamp}/{@code Nonce} envelope; the signature is checked and the
 * message decrypted. A reply must be addressed to the follower and carry a {@code MsgType}.
 *
 * @param xml     the reply XML (decrypted); {@code null} when there is none
 * @param fields  its elements, flattened
 * @param problem why WeChat would reject the answer; {@code null} when it is acceptable
 */
record PassiveReply(Delivery.Outcome outcome, String xml, Map<String, String> fields, String problem) {

    static PassiveReply read(String body, AccountConfig config, String openId) {
        if (body.isEmpty() || body.trim().equals("success")) {
            return new PassiveReply(Delivery.Outcome.NO_REPLY, null, Map.of(), null);
        }
        Map<String, String> fields;
        String xml = body;
        try {
            fields = Xml.fields(body);
            if (fields.containsKey("Encrypt")) {
                if (config.mode() == MessageMode.PLAIN) {
                    return invalid(body, "an encrypted reply to a plain-mode account");
                }
                String expected = Signatures.sha1Sorted(config.token(), fields.getOrDefault("TimeStamp", ""),
                        fields.getOrDefault("Nonce", ""), fields.get("Encrypt"));
                if (!expected.equals(fields.get("MsgSignature"))) {
                    return invalid(body, "MsgSignature does not match sha1(sort(token, TimeStamp, Nonce, Encrypt))");
                }
                MessageCrypto.Decrypted decrypted = config.crypto().decrypt(fields.get("Encrypt"));
                if (!decrypted.appId().equals(config.appId())) {
                    return invalid(body, "the encrypted reply ends with app id " + decrypted.appId());
                }
                xml = decrypted.message();
                fields = Xml.fields(xml);
            } else if (config.mode() == MessageMode.SAFE) {
                return invalid(body, "a plain reply to a safe-mode account");
            }
        } catch (IllegalArgumentException e) {
            return invalid(body, e.getMessage());
        }
        if (!openId.equals(fields.get("ToUserName"))) {
            return new PassiveReply(Delivery.Outcome.INVALID_REPLY, xml, fields,
                    "ToUserName is " + fields.get("ToUserName") + ", not the follower " + openId);
        }
        if (fields.get("MsgType") == null) {
            return new PassiveReply(Delivery.Outcome.INVALID_REPLY, xml, fields, "the reply has no MsgType");
        }
        return new PassiveReply(Delivery.Outcome.REPLIED, xml, fields, null);
    }

    private static PassiveReply invalid(String body, String problem) {
        return new PassiveReply(Delivery.Outcome.INVALID_REPLY, null, Map.of(), problem);
    }
}
