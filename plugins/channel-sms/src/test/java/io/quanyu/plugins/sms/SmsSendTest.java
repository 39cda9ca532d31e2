package io.quanyu.plugins.sms;

import io.quanyu.plugin.sdk.channel.Message;
import io.quanyu.plugin.sdk.channel.Recipient;
import io.quanyu.plugin.sdk.channel.SendResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.quanyu.plugins.sms.SmsTestBed.phone;
import static io.quanyu.plugins.sms.SmsTestBed.template;
import static org.assertj.core.api.Assertions.assertThat;

/** The {@code sms} connector against the fake Dysmsapi: what reaches the provider, and what each answer becomes. */
class SmsSendTest {
    private final SmsTestBed bed = new SmsTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void aTemplateMessageReachesTheProviderWithTheSignTemplateAndParams() {
        Map<String, Object> params = new LinkedHashMap<>(Map.of("code", "4821"));
        params.put("minutes", 5);
        var handed = bed.send("otp:c-1", phone("+8613800138000"), new Message("SMS_71390007", null,
                Map.of("params", params)));

        assertThat(handed.result().isSent()).as(String.valueOf(handed.result())).isTrue();
        assertThat(bed.provider.accepted()).singleElement().satisfies(sms -> {
            assertThat(sms.bizId()).isEqualTo(handed.result().messageId());
            assertThat(sms.get("PhoneNumbers")).isEqualTo("13800138000");
            assertThat(sms.get("SignName")).isEqualTo(SmsTestBed.SIGN);
            assertThat(sms.get("TemplateCode")).isEqualTo("SMS_71390007");
            assertThat(sms.get("TemplateParam")).isEqualTo("{\"code\":\"4821\",\"minutes\":\"5\"}");
            assertThat(sms.get("OutId")).isEqualTo(handed.sendId());
            assertThat(sms.get("Format")).isEqualTo("JSON");
            assertThat(sms.get("AccessKeyId")).isEqualTo(SmsTestBed.KEY_ID);
        });
    }

    @ParameterizedTest(name = "{0} is sent as {1}")
    @CsvSource({"+8613800138000, 13800138000", "+85291234567, 85291234567", "+14155550123, 14155550123"})
    void numbersAreSentAsTheProviderDocumentsThem(String e164, String sent) {
        var handed = bed.send("n:" + e164, phone(e164), template("SMS_1"));

        assertThat(handed.result().isSent()).isTrue();
        assertThat(bed.provider.accepted()).singleElement().satisfies(sms -> {
            assertThat(sms.get("PhoneNumbers")).isEqualTo(sent);
            assertThat(sms.parameters()).doesNotContainKey("TemplateParam");
        });
    }

    @Test
    void aSendRetriedAfterItWentOutIsNotSentAgain() {
        var first = bed.send("welcome:c-1", phone("+8613800138000"), template("SMS_1", "name", "林"));
        var again = bed.send("welcome:c-1", phone("+8613800138000"), template("SMS_1", "name", "林"));

        assertThat(again.sendId()).isEqualTo(first.sendId());
        assertThat(again.result()).isEqualTo(first.result());
        assertThat(bed.provider.accepted()).hasSize(1);
        assertThat(bed.provider.answered()).containsExactly("OK");
    }

    @Test
    void aSendWhoseAnswerWasLostIsNotSentTwiceWhenRetried() {
        bed.provider.loseNextAnswer();
        var first = bed.send("welcome:c-1", phone("+8613800138000"), template("SMS_1"));
        var retry = bed.send("welcome:c-1", phone("+8613800138000"), template("SMS_1"));

        assertThat(first.result().failure().code()).isEqualTo("SMS_UNAVAILABLE");
        assertThat(first.result().retryable()).isTrue();
        assertThat(retry.result().isSent()).as("the provider refused the retry as a replay: it went out before")
                .isTrue();
        assertThat(bed.provider.answered()).containsExactly("(lost)", "SignatureNonceUsed");
        assertThat(bed.provider.nonces()).hasSize(2).allMatch(bed.provider.nonces().getFirst()::equals);
        assertThat(bed.provider.accepted()).singleElement()
                .satisfies(sms -> assertThat(sms.get("OutId")).isEqualTo(first.sendId()));
    }

    @Test
    void aWrongSecretIsRefusedByTheProviderAndIsNotRetryable() {
        bed.settings(Map.of("accessKeySecret", "not-the-secret"));

        SendResult result = bed.send("welcome:c-1", phone("+8613800138000"), template("SMS_1")).result();

        assertThat(bed.provider.answered()).containsExactly("SignatureDoesNotMatch");
        assertThat(result.failure().code()).isEqualTo("SMS_CREDENTIALS_REJECTED");
        assertThat(result.retryable()).isFalse();
        assertThat(bed.provider.accepted()).isEmpty();
    }

    @ParameterizedTest(name = "HTTP {0} {1} is {2}, retryable, and the retry goes out once")
    @CsvSource({"200, isv.BUSINESS_LIMIT_CONTROL, SMS_RATE_LIMITED", "400, Throttling.User, SMS_RATE_LIMITED",
            "500, isp.SYSTEM_ERROR, SMS_UNAVAILABLE", "503, '', SMS_UNAVAILABLE"})
    void throttlingAndOutagesAreRetryableAndTheRetryIsANewRequest(int status, String code, String expected) {
        bed.provider.answerNext(status, code, "refused for the test");

        SendResult first = bed.send("promo:c-1", phone("+8613800138000"), template("SMS_1")).result();
        SendResult retry = bed.send("promo:c-1", phone("+8613800138000"), template("SMS_1")).result();

        assertThat(first.failure().code()).isEqualTo(expected);
        assertThat(first.retryable()).isTrue();
        assertThat(retry.isSent()).as(String.valueOf(retry)).isTrue();
        assertThat(bed.provider.accepted()).hasSize(1);
    }

    @ParameterizedTest(name = "{0} is {1}, not retryable")
    @CsvSource({"isv.MOBILE_NUMBER_ILLEGAL, SMS_NUMBER_INVALID", "isv.SMS_TEMPLATE_ILLEGAL, SMS_TEMPLATE_INVALID",
            "isv.SMS_SIGNATURE_ILLEGAL, SMS_SIGN_INVALID", "isv.AMOUNT_NOT_ENOUGH, SMS_REFUSED"})
    void refusalsHaveStableCodes(String providerCode, String expected) {
        bed.provider.answerNext(200, providerCode, "refused for the test");

        SendResult result = bed.send("promo:c-1", phone("+8613800138000"), template("SMS_1")).result();

        assertThat(result.failure().code()).isEqualTo(expected);
        assertThat(result.failure().message()).contains(providerCode);
        assertThat(result.retryable()).isFalse();
    }

    @Test
    void missingSettingsAreRefusedWithoutCallingTheProvider() {
        Map<String, String> missing = new HashMap<>();
        missing.put("accessKeySecret", null);
        missing.put("signName", " ");
        bed.settings(missing);

        SendResult result = bed.send("welcome:c-1", phone("+8613800138000"), template("SMS_1")).result();

        assertThat(result.failure().code()).isEqualTo("SMS_NOT_CONFIGURED");
        assertThat(result.failure().message()).contains("accessKeySecret", "signName").doesNotContain("accessKeyId");
        assertThat(result.retryable()).isFalse();
        assertThat(bed.provider.answered()).isEmpty();
    }

    @Test
    void anEndpointOutsideTheManifestsEgressIsRefusedAndNotRetryable() {
        bed.settings(Map.of("endpoint", "https://sms.example.com"));

        SendResult result = bed.send("welcome:c-1", phone("+8613800138000"), template("SMS_1")).result();

        assertThat(result.failure().code()).isEqualTo("SMS_ENDPOINT_NOT_ALLOWED");
        assertThat(result.retryable()).isFalse();
    }

    @Test
    void messagesTheProviderCannotTakeAreRefusedWithoutCallingIt() {
        assertThat(code(phone("+8613800138000"), new Message(null, "hello", Map.of()))).isEqualTo("SMS_TEMPLATE_MISSING");
        assertThat(code(phone("+8612345"), template("SMS_1"))).isEqualTo("SMS_NUMBER_INVALID");
        assertThat(code(phone("13800138000"), template("SMS_1"))).isEqualTo("SMS_NUMBER_INVALID");
        assertThat(code(new Recipient("email", null, "lin@example.com", null), template("SMS_1")))
                .isEqualTo("SMS_NOT_A_PHONE");
        assertThat(code(phone("+8613800138000"), new Message("SMS_1", null, Map.of("params", "code=1"))))
                .isEqualTo("SMS_TEMPLATE_PARAMS_INVALID");
        assertThat(code(phone("+8613800138000"), new Message("SMS_1", null,
                Map.of("params", Map.of("items", java.util.List.of(1, 2)))))).isEqualTo("SMS_TEMPLATE_PARAMS_INVALID");
        assertThat(bed.provider.answered()).isEmpty();
    }

    private String code(Recipient recipient, Message message) {
        SendResult result = bed.send("k:" + System.nanoTime(), recipient, message).result();
        assertThat(result.retryable()).isFalse();
        return result.failure().code();
    }
}
