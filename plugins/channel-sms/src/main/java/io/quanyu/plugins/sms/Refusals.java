package io.quanyu.plugins.sms;

import io.quanyu.plugin.sdk.channel.SendResult;

import java.util.Map;

/**
 * What a Dysmsapi answer that did not take the message means for the delivery service: a stable code the platform can
 * show and count, and whether sending again later may succeed (rate limits and outages) or not (a bad number,
 * template, signature or key). Provider codes not listed here are {@code SMS_REFUSED}, permanent, with the provider's
 * code in the message.
 */
final class Refusals {
    /** The provider is throttling the account or the number. */
    static final String RATE_LIMITED = "SMS_RATE_LIMITED";
    /** The provider failed or could not be reached. */
    static final String UNAVAILABLE = "SMS_UNAVAILABLE";
    /** The provider refused for a reason this plugin does not name. */
    static final String REFUSED = "SMS_REFUSED";

    private record Meaning(String code, String message, boolean retryable) {
    }

    private static final Map<String, Meaning> BY_PROVIDER_CODE = Map.ofEntries(
            Map.entry("isv.BUSINESS_LIMIT_CONTROL", new Meaning(RATE_LIMITED,
                    "the provider throttles messages to this number for now", true)),
            Map.entry("isv.DAY_LIMIT_CONTROL", new Meaning(RATE_LIMITED,
                    "the account's daily sending limit is reached", true)),
            Map.entry("Throttling.User", new Meaning(RATE_LIMITED, "the provider throttles the account's calls", true)),
            Map.entry("Throttling", new Meaning(RATE_LIMITED, "the provider throttles calls", true)),
            Map.entry("isp.SYSTEM_ERROR", new Meaning(UNAVAILABLE, "the provider failed", true)),
            Map.entry("ServiceUnavailable", new Meaning(UNAVAILABLE, "the provider is unavailable", true)),
            Map.entry("isv.MOBILE_NUMBER_ILLEGAL", new Meaning("SMS_NUMBER_INVALID",
                    "the provider does not take this phone number", false)),
            Map.entry("isv.SMS_TEMPLATE_ILLEGAL", new Meaning("SMS_TEMPLATE_INVALID",
                    "the template code is not an approved template of the account", false)),
            Map.entry("isv.TEMPLATE_MISSING_PARAMETERS", new Meaning("SMS_TEMPLATE_PARAMS_INVALID",
                    "data.params lacks variables the template uses", false)),
            Map.entry("isv.INVALID_JSON_PARAM", new Meaning("SMS_TEMPLATE_PARAMS_INVALID",
                    "the provider refused the template's variables", false)),
            Map.entry("isv.SMS_SIGNATURE_ILLEGAL", new Meaning("SMS_SIGN_INVALID",
                    "the signature name is not an approved signature of the account", false)),
            Map.entry("isv.SMS_SIGN_ILLEGAL", new Meaning("SMS_SIGN_INVALID",
                    "the signature may not be used", false)),
            Map.entry("SignatureDoesNotMatch", new Meaning("SMS_CREDENTIALS_REJECTED",
                    "the provider rejected the request's signature: check the AccessKey secret", false)),
            Map.entry("InvalidAccessKeyId.NotFound", new Meaning("SMS_CREDENTIALS_REJECTED",
                    "the provider does not know the AccessKey ID", false)),
            Map.entry("InvalidAccessKeyId.Inactive", new Meaning("SMS_CREDENTIALS_REJECTED",
                    "the AccessKey is disabled", false)),
            Map.entry("isp.RAM_PERMISSION_DENY", new Meaning("SMS_CREDENTIALS_REJECTED",
                    "the AccessKey may not send SMS (RAM permission)", false)));

    private Refusals() {
    }

    /** The failed send an answer that did not take the message stands for. */
    static SendResult of(DysmsAnswer answer) {
        Meaning meaning = BY_PROVIDER_CODE.get(answer.code());
        if (meaning != null) {
            return SendResult.failed(meaning.code(), meaning.message() + " (" + answer.code() + ")", meaning.retryable());
        }
        if (answer.status() >= 500) {
            return SendResult.failed(UNAVAILABLE, "the provider answered HTTP " + answer.status()
                    + (answer.code().isEmpty() ? "" : " (" + answer.code() + ")"), true);
        }
        String said = answer.code().isEmpty() ? "HTTP " + answer.status() : answer.code() + ": " + answer.message();
        return SendResult.failed(REFUSED, "the provider refused the message: "
                + (said.length() > 300 ? said.substring(0, 300) : said), false);
    }
}
