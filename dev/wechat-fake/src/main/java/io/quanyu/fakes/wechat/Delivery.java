package io.quanyu.fakes.wechat;

import java.util.List;

/**
 * One callback push and what came of it: the message as XML, the exact request (URL with its signed query, body in the
 * account's mode), every attempt (the first delivery and up to 3 retries), and the developer's answer, decrypted in
 * the encrypted modes. Kept per account for assertions and shown on the play page.
 *
 * @param summary    what the follower did, e.g. {@code event subscribe qrscene_42} or {@code text hello}
 * @param reply      the raw answer body of the last attempt; {@code null} if no attempt got an answer
 * @param replyXml   the passive reply as XML (decrypted when it came encrypted); {@code null} without a reply
 * @param problem    why the answer was not accepted (bad signature, not XML...), or why delivery failed
 */
public record Delivery(long id, String appId, String openId, String summary, long createTime, String msgId,
                       String xml, String url, String requestBody, List<Attempt> attempts, Outcome outcome,
                       String reply, String replyXml, String problem) {

    public Delivery {
        attempts = List.copyOf(attempts);
    }

    /** How a delivery ended. */
    public enum Outcome {
        /** The account has no callback URL configured: nothing was sent. */
        NO_CALLBACK_URL,
        /** The callback answered {@code success} or an empty body. */
        NO_REPLY,
        /** The callback answered a passive reply, recorded in the follower's messages. */
        REPLIED,
        /** The callback answered something WeChat would not accept (the user sees "service unavailable"). */
        INVALID_REPLY,
        /** All four attempts timed out or failed. */
        FAILED
    }

    /**
     * One HTTP attempt.
     *
     * @param status the HTTP status, or 0 when there was none (timeout, connection refused)
     * @param error  the timeout or I/O error, {@code null} when an answer arrived
     */
    public record Attempt(int number, int status, String error, long millis) {
    }
}
