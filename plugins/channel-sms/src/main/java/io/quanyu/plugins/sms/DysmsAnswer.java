package io.quanyu.plugins.sms;

import org.jspecify.annotations.Nullable;

import java.util.Map;

/**
 * What Dysmsapi answered to one request: the HTTP status and the JSON body's {@code Code}, {@code Message} and
 * {@code BizId} ({@code {"Code":"OK","Message":"OK","BizId":"9006197469364984^0","RequestId":"..."}} when it took the
 * message; {@code Code} is the error code otherwise, such as {@code isv.MOBILE_NUMBER_ILLEGAL}, or the gateway's
 * {@code SignatureDoesNotMatch} with HTTP 400).
 *
 * @param status  the HTTP status
 * @param code    the {@code Code}, or empty when the body had none (a proxy's error page)
 * @param message the {@code Message}, or empty
 * @param bizId   the {@code BizId} of an accepted message, else null
 */
record DysmsAnswer(int status, String code, String message, @Nullable String bizId) {
    /** The {@code Code} of an accepted message. */
    static final String OK = "OK";

    static DysmsAnswer of(int status, String body) {
        Map<?, ?> fields = Map.of();
        try {
            if (Json.parse(body) instanceof Map<?, ?> object) {
                fields = object;
            }
        } catch (IllegalArgumentException e) {
            // not JSON: only the status speaks
        }
        return new DysmsAnswer(status, text(fields.get("Code")), text(fields.get("Message")),
                fields.get("BizId") instanceof String biz && !biz.isBlank() ? biz : null);
    }

    /** Whether the provider took the message. */
    boolean accepted() {
        return status == 200 && OK.equals(code) && bizId != null;
    }

    private static String text(@Nullable Object value) {
        return value instanceof String s ? s : "";
    }
}
