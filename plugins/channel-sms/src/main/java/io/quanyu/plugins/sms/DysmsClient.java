package io.quanyu.plugins.sms;

import io.quanyu.plugin.sdk.PluginHttp;
import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client of Dysmsapi's {@code SendSms} (API version 2017-05-25) over the platform's HTTP client, written for the
 * plugin because a plugin bundles no Alibaba SDK: one signed RPC-style {@code GET} per message, answered as JSON.
 */
final class DysmsClient {
    static final String VERSION = "2017-05-25";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final PluginHttp http;
    private final SmsSettings settings;

    DysmsClient(PluginHttp http, SmsSettings settings) {
        this.http = http;
        this.settings = settings;
    }

    /**
     * One SMS to send.
     *
     * @param phoneNumbers  the number as SendSms takes it (see {@link PhoneNumbers})
     * @param templateCode  the approved template's code
     * @param templateParam the template's variables as JSON, or null for none
     * @param outId         the platform's send id, which receipts carry back as {@code out_id}
     */
    record SendSms(String phoneNumbers, String templateCode, @Nullable String templateParam, String outId) {
    }

    /**
     * Sends the request signed with {@code nonce} and {@code now}, and answers what the provider said.
     *
     * @throws io.quanyu.plugin.sdk.PluginException when no answer came ({@code HTTP_FAILED}: a timeout, a refused or
     *                                              broken connection) or the endpoint may not be reached (an
     *                                              {@code EGRESS_*} code)
     */
    DysmsAnswer send(SendSms sms, String nonce, Instant now, Duration timeout) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("AccessKeyId", settings.accessKeyId());
        parameters.put("Action", "SendSms");
        parameters.put("Format", "JSON");
        parameters.put("OutId", sms.outId());
        parameters.put("PhoneNumbers", sms.phoneNumbers());
        parameters.put("SignName", settings.signName());
        parameters.put("SignatureMethod", "HMAC-SHA1");
        parameters.put("SignatureNonce", nonce);
        parameters.put("SignatureVersion", "1.0");
        parameters.put("TemplateCode", sms.templateCode());
        if (sms.templateParam() != null) {
            parameters.put("TemplateParam", sms.templateParam());
        }
        parameters.put("Timestamp", TIMESTAMP.format(now.truncatedTo(ChronoUnit.SECONDS)));
        parameters.put("Version", VERSION);
        String signature = RpcSignature.sign("GET", parameters, settings.accessKeySecret());
        URI uri = URI.create(settings.endpoint() + "/?Signature=" + RpcSignature.percentEncode(signature) + "&"
                + RpcSignature.canonicalQuery(parameters));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().timeout(timeout)
                .header("Accept", "application/json").build());
        return DysmsAnswer.of(response.statusCode(), response.body());
    }
}
