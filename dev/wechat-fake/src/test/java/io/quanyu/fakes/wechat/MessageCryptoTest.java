package io.quanyu.fakes.wechat;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The crypto against the vectors of the reference (../shared/reference/wechat.md §1.1 and §1.6): Tencent's
 * documented URL-verification signatures, Tencent's WXBizMsgCrypt sample (A), WxJava's WxCryptUtilTest (B) and the
 * safe-mode text message derived from B's parameters (C).
 */
class MessageCryptoTest {

    // §1.6 A: Tencent's official WXBizMsgCrypt sample.
    private static final String A_TOKEN = "QDG6eK";
    private static final String A_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    private static final String A_ID = "wx5823bf96d3bd56c7";
    private static final String A_ECHOSTR =
            "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";
    private static final String A_ENCRYPT = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";
    private static final String A_PLAINTEXT = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n"
            + "<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n"
            + "<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n"
            + "<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>";

    // §1.6 B: WxJava WxCryptUtilTest (Official Account sample).
    private static final String B_TOKEN = "pamtest";
    private static final String B_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final String B_APP_ID = "wxb11529c136998cb6";
    private static final String B_RANDOM = "aaaabbbbccccdddd";
    private static final String B_TIMESTAMP = "1409304348";
    private static final String B_NONCE = "xxxxxx";
    private static final String B_ENCRYPTED =
            "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";

    // §1.6 C: a safe-mode inbound text message made with B's parameters.
    private static final String C_PLAINTEXT = "<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName>"
            + "<FromUserName><![CDATA[oia2TjuEGTNoeX76QEjQNrcURxG8]]></FromUserName><CreateTime>1409304348</CreateTime>"
            + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hello]]></Content><MsgId>1234567890123456</MsgId></xml>";
    private static final String C_ENCRYPT = "jn1L23DB+6ELqJ+6bruv27AKIBFtmZ9JQbUxl7mTFlM30NheKDRSmzml3///nmhaSs9xUACSIMHn2sNUrkj3j+HVrqBXfs8nIMswJFABgngUGbBiYfjjhO/r1fqDmmpmoGdG1Fm4xKX26J/khzFw69rWrV/epYTrkLeKAdUUgC2/mj6E0yGAHEMlgL4c4iNL2esab3DnkU5X/v9eC9Q36oe3dGwGltLPXQitPopS0tIhgUTC0RBapUtY8ONzzigLb5sxS7kS7B/Fdt+BFDg0rYMYA3jmbH3mBQsF8zj9toRkW8xBJhJMcdqdVIn7+DgvgHhZhR3EHz4Q/wmNZpxffxV3fRk9GfOtSwqnKooMa3udor/Ir1zPFBYMqWYsXWQOHIM6cBzHoDd31/g5UeamQbELZcA0FKcVIPtSNlj/IsU=";

    @Test
    void urlVerificationSignaturesOfTheOfficialDocs() {
        assertThat(Signatures.sha1Sorted("AAAAA", "1714036504", "1514711492"))
                .isEqualTo("f464b24fc39322e44b38aa78f5edd27bd1441696");
        assertThat(Signatures.sha1Sorted("AAAAA", "1714037059", "486452656"))
                .isEqualTo("899cf89e464efb63f54ddac96b0a0a235f53aa78");
    }

    @Test
    void tencentSampleEchostrAndMessageDecryptAndSign() {
        MessageCrypto crypto = new MessageCrypto(A_KEY, A_ID);
        assertThat(Signatures.sha1Sorted(A_TOKEN, "1409659589", "263014780", A_ECHOSTR))
                .isEqualTo("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3");
        assertThat(crypto.decrypt(A_ECHOSTR))
                .isEqualTo(new MessageCrypto.Decrypted("c41b64491c2468d0", "1616140317555161061", A_ID));

        assertThat(Signatures.sha1Sorted(A_TOKEN, "1409659813", "1372623149", A_ENCRYPT))
                .isEqualTo("477715d11cdb4164915debcba66cb864d751f3e6");
        assertThat(crypto.decrypt(A_ENCRYPT))
                .isEqualTo(new MessageCrypto.Decrypted("0960688932c47ef1", A_PLAINTEXT, A_ID));
    }

    @Test
    void tencentSampleReEncryptsByteForByte() {
        MessageCrypto crypto = new MessageCrypto(A_KEY, A_ID);
        assertThat(crypto.encrypt("0960688932c47ef1", A_PLAINTEXT)).isEqualTo(A_ENCRYPT);
        assertThat(crypto.encrypt("c41b64491c2468d0", "1616140317555161061")).isEqualTo(A_ECHOSTR);
    }

    @Test
    void wxJavaSampleEncryptsAndSigns() {
        assertThat(HexFormat.of().formatHex(MessageCrypto.decodeKey(B_KEY)))
                .isEqualTo("69b71d79f8218a39259a7a29aabb2dbafc31cb3d35db7e39ebbf3d0010831051");
        MessageCrypto crypto = new MessageCrypto(B_KEY, B_APP_ID);
        assertThat(crypto.encrypt(B_RANDOM, "我是中文abcd123")).isEqualTo(B_ENCRYPTED);
        assertThat(crypto.decrypt(B_ENCRYPTED).message()).isEqualTo("我是中文abcd123");
        assertThat(Signatures.sha1Sorted(B_TOKEN, B_TIMESTAMP, B_NONCE, B_ENCRYPTED))
                .isEqualTo("82c962d39941aa48552f90ef55aa323dc620cc10");
    }

    @Test
    void safeModeTextMessageOfTheReference() {
        MessageCrypto crypto = new MessageCrypto(B_KEY, B_APP_ID);
        assertThat(crypto.encrypt(B_RANDOM, C_PLAINTEXT)).isEqualTo(C_ENCRYPT);
        assertThat(Signatures.sha1Sorted(B_TOKEN, B_TIMESTAMP, B_NONCE, C_ENCRYPT))
                .isEqualTo("f3ee1f302a1353a2a6f57d58add5d4ef505ab5aa");
        assertThat(Signatures.sha1Sorted(B_TOKEN, B_TIMESTAMP, B_NONCE))
                .isEqualTo("76480565cbe296026c53aaacd1ad523a1ddba24f");
    }

    @Test
    void theInboundXmlWriterWritesTheReferenceMessageExactly() {
        InboundMessage message = InboundMessage.text("gh_7f083739789a", "oia2TjuEGTNoeX76QEjQNrcURxG8", 1409304348L,
                "hello", 1234567890123456L);
        assertThat(message.toXml()).isEqualTo(C_PLAINTEXT);
    }

    @Test
    void anEncryptedReplyIsCheckedAndDecrypted() {
        AccountConfig config = new AccountConfig(B_APP_ID, "secret", B_TOKEN, B_KEY, MessageMode.SAFE, null,
                "gh_7f083739789a", List.of());
        String envelope = "<xml><Encrypt><![CDATA[" + C_ENCRYPT + "]]></Encrypt><MsgSignature><![CDATA["
                + "f3ee1f302a1353a2a6f57d58add5d4ef505ab5aa]]></MsgSignature><TimeStamp>1409304348</TimeStamp>"
                + "<Nonce><![CDATA[xxxxxx]]></Nonce></xml>";
        PassiveReply reply = PassiveReply.read(envelope, config, "gh_7f083739789a");
        assertThat(reply.outcome()).isEqualTo(Delivery.Outcome.REPLIED);
        assertThat(reply.xml()).isEqualTo(C_PLAINTEXT);
        assertThat(reply.fields()).containsEntry("Content", "hello");

        PassiveReply forged = PassiveReply.read(envelope.replace("f3ee1f30", "f3ee1f31"), config, "gh_7f083739789a");
        assertThat(forged.outcome()).isEqualTo(Delivery.Outcome.INVALID_REPLY);
        assertThat(forged.problem()).contains("MsgSignature");
    }

    @Test
    void malformedKeysAndPaddingAreRefused() {
        assertThatThrownBy(() -> new MessageCrypto("short", "wx1")).isInstanceOf(IllegalArgumentException.class);
        MessageCrypto crypto = new MessageCrypto(B_KEY, B_APP_ID);
        assertThatThrownBy(() -> crypto.decrypt(A_ENCRYPT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
