package io.quanyu.plugins.sms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RPC signature against the worked example of Alibaba Cloud's SMS documentation, "HTTP协议及签名" / "生成请求签名"
 * (help.aliyun.com document 56189, now 101343): the SendSms request below, AccessKey ID {@code testId} and secret
 * {@code testSecret}, with the StringToSign and Signature the page gives for it.
 */
class RpcSignatureTest {
    private static final Map<String, String> DOCUMENTED_REQUEST = Map.ofEntries(
            Map.entry("AccessKeyId", "testId"),
            Map.entry("Action", "SendSms"),
            Map.entry("Format", "XML"),
            Map.entry("OutId", "123"),
            Map.entry("PhoneNumbers", "15300000001"),
            Map.entry("RegionId", "cn-hangzhou"),
            Map.entry("SignName", "阿里云短信测试专用"),
            Map.entry("SignatureMethod", "HMAC-SHA1"),
            Map.entry("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"),
            Map.entry("SignatureVersion", "1.0"),
            Map.entry("TemplateCode", "SMS_71390007"),
            Map.entry("TemplateParam", "{\"customer\":\"test\"}"),
            Map.entry("Timestamp", "2017-07-12T02:42:19Z"),
            Map.entry("Version", "2017-05-25"));
    private static final String DOCUMENTED_STRING_TO_SIGN = "GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms"
            + "%26Format%3DXML%26OutId%3D123%26PhoneNumbers%3D15300000001%26RegionId%3Dcn-hangzhou%26SignName%3D"
            + "%25E9%2598%25BF%25E9%2587%258C%25E4%25BA%2591%25E7%259F%25AD%25E4%25BF%25A1%25E6%25B5%258B%25E8%25AF"
            + "%2595%25E4%25B8%2593%25E7%2594%25A8%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D"
            + "45e25e9b-0a6f-4070-8c85-2956eda1b466%26SignatureVersion%3D1.0%26TemplateCode%3DSMS_71390007"
            + "%26TemplateParam%3D%257B%2522customer%2522%253A%2522test%2522%257D%26Timestamp%3D"
            + "2017-07-12T02%253A42%253A19Z%26Version%3D2017-05-25";
    private static final String DOCUMENTED_SIGNATURE = "zJDF+Lrzhj/ThnlvIToysFRq6t4=";

    @Test
    void theDocumentedExampleIsReproducedByteForByte() {
        assertThat(RpcSignature.stringToSign("GET", DOCUMENTED_REQUEST)).isEqualTo(DOCUMENTED_STRING_TO_SIGN);
        assertThat(RpcSignature.sign("GET", DOCUMENTED_REQUEST, "testSecret")).isEqualTo(DOCUMENTED_SIGNATURE);
    }

    @Test
    void aSignatureParameterIsNotSigned() {
        Map<String, String> withSignature = new java.util.HashMap<>(DOCUMENTED_REQUEST);
        withSignature.put("Signature", "anything");

        assertThat(RpcSignature.sign("GET", withSignature, "testSecret")).isEqualTo(DOCUMENTED_SIGNATURE);
    }

    @Test
    void anotherSecretOrMethodSignsDifferently() {
        assertThat(RpcSignature.sign("GET", DOCUMENTED_REQUEST, "testsecret")).isNotEqualTo(DOCUMENTED_SIGNATURE);
        assertThat(RpcSignature.sign("POST", DOCUMENTED_REQUEST, "testSecret")).isNotEqualTo(DOCUMENTED_SIGNATURE);
    }

    @ParameterizedTest(name = "[{0}] is {1}")
    @CsvSource(delimiter = '|', value = {
            "a b|a%20b",
            "*|%2A",
            "~-_.|~-_.",
            "+/=&|%2B%2F%3D%26",
            "{\"k\":1}|%7B%22k%22%3A1%7D",
            "短信|%E7%9F%AD%E4%BF%A1",
            "AZaz09|AZaz09"})
    void valuesArePercentEncodedByTheProvidersRules(String value, String encoded) {
        assertThat(RpcSignature.percentEncode(value)).isEqualTo(encoded);
    }
}
