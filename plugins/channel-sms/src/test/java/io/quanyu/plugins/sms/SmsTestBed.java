package io.quanyu.plugins.sms;

import io.quanyu.plugin.sdk.channel.Message;
import io.quanyu.plugin.sdk.channel.Recipient;
import io.quanyu.plugin.testkit.Installed;
import io.quanyu.plugin.testkit.TestHost;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The plugin on a test host that may reach 127.0.0.1, with the tenant {@code acme}'s settings pointing at a fake
 * Dysmsapi that knows acme's AccessKey.
 */
final class SmsTestBed implements AutoCloseable {
    static final String TENANT = "acme";
    static final String KEY_ID = "LTAI-acme";
    static final String SECRET = "acme-secret-7Hq2";
    static final String SIGN = "全域商城";
    static final String RECEIPT_TOKEN = "rcpt-3f9a1c7e5b2d4e60";

    final FakeDysmsapi provider = FakeDysmsapi.start(KEY_ID, SECRET);
    final TestHost host = TestHost.allowingPrivate("127.0.0.1");
    final Installed plugin = host.install(SmsPluginZip.reachingLoopback());

    SmsTestBed() {
        settings(Map.of());
    }

    /** Acme's settings: the working ones, with {@code changes} applied (a null value removes the setting). */
    void settings(Map<String, String> changes) {
        Map<String, Object> values = new HashMap<>(Map.of("accessKeyId", KEY_ID, "accessKeySecret", SECRET,
                "signName", SIGN, "endpoint", provider.endpoint(), "receiptToken", RECEIPT_TOKEN));
        changes.forEach((name, value) -> {
            if (value == null) {
                values.remove(name);
            } else {
                values.put(name, value);
            }
        });
        host.services().settings(TENANT, SmsPluginZip.PLUGIN_ID, values);
    }

    /** Hands acme's message for {@code key} to the connector, as the delivery service does. */
    TestHost.HandedSend send(String key, Recipient recipient, Message message) {
        return host.send(plugin, TENANT, SmsConnector.CHANNEL, key, recipient, message);
    }

    static Recipient phone(String e164) {
        return new Recipient("phone", null, e164, "cus_1");
    }

    /** A template message with its variables in the order given. */
    static Message template(String code, String... variables) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < variables.length; i += 2) {
            params.put(variables[i], variables[i + 1]);
        }
        return new Message(code, null, Map.of("params", params));
    }

    @Override
    public void close() {
        host.close();
        provider.close();
    }
}
