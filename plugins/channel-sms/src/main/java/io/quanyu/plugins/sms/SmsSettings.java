package io.quanyu.plugins.sms;

import io.quanyu.plugin.sdk.Settings;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tenant's Alibaba Cloud account, as the connector needs it: the AccessKey pair that signs requests, the approved
 * signature name every message carries, and the endpoint (Alibaba's unless a test points it elsewhere). Built only
 * when all of it is there, so a send never reaches the provider half-configured.
 *
 * @param accessKeyId     the AccessKey ID
 * @param accessKeySecret the AccessKey secret
 * @param signName        the SMS signature (签名)
 * @param endpoint        where Dysmsapi answers, without a path
 */
record SmsSettings(String accessKeyId, String accessKeySecret, String signName, URI endpoint) {
    /** Alibaba's endpoint for SMS to the Chinese mainland and abroad, used when the tenant sets none. */
    static final String DEFAULT_ENDPOINT = "https://dysmsapi.aliyuncs.com";

    /** The settings needed to send, or why they cannot be used yet. */
    sealed interface Read permits Complete, Incomplete {
    }

    /** Everything is there. */
    record Complete(SmsSettings settings) implements Read {
    }

    /** Something is missing or unusable: {@code problems} names each, for the tenant. */
    record Incomplete(List<String> problems) implements Read {
    }

    static Read from(Settings settings) {
        List<String> problems = new ArrayList<>();
        String id = required(settings, "accessKeyId", problems);
        String secret = required(settings, "accessKeySecret", problems);
        String sign = required(settings, "signName", problems);
        URI endpoint = endpoint(settings.text("endpoint").map(String::strip).filter(s -> !s.isEmpty())
                .orElse(DEFAULT_ENDPOINT), problems);
        return problems.isEmpty() ? new Complete(new SmsSettings(id, secret, sign, endpoint)) : new Incomplete(problems);
    }

    /** The receipt token the tenant put in the receipt URL, when set. */
    static Optional<String> receiptToken(Settings settings) {
        return settings.text("receiptToken").map(String::strip).filter(s -> !s.isEmpty());
    }

    private static String required(Settings settings, String name, List<String> problems) {
        Optional<String> value = settings.text(name).map(String::strip).filter(s -> !s.isEmpty());
        if (value.isEmpty()) {
            problems.add(name + " is not set");
        }
        return value.orElse("");
    }

    private static URI endpoint(String text, List<String> problems) {
        try {
            URI uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problems.add("endpoint is not an http(s) address without a path: " + text);
        return URI.create(DEFAULT_ENDPOINT);
    }
}
