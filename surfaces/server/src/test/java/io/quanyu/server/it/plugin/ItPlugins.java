package io.quanyu.server.it.plugin;

import io.quanyu.plugin.testkit.PluginZipBuilder;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Builds and signs releases of the sample plugin, as an ISV's build would. */
public final class ItPlugins {
    private ItPlugins() {
    }

    public static KeyPair newKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(KeyPair key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    public static String manifest(String id, String version, String provider) {
        String prefix = id.replace("-", "");
        return """
                {"id": "%s", "version": "%s", "requires": ">=1.0.0 & <2.0.0", "provider": "%s",
                 "name": {"en": "Hello %s", "zh-CN": "你好插件"}, "description": {"en": "Greets customers", "zh-CN": "问候客户"},
                 "settings": {"type": "object", "properties": {
                    "greeting": {"type": "string", "title": "Greeting", "maxLength": 20},
                    "apiKey": {"type": "string", "title": "API key", "x-secret": true}}, "required": ["apiKey"]},
                 "operations": [
                   {"name": "greet", "kind": "mutation",
                    "input": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
                    "output": {"type": "object", "properties": {"message": {"type": "string"}, "card": {"type": "string"}},
                               "required": ["message"]}},
                   {"name": "misbehave", "kind": "query",
                    "input": {"type": "object", "properties": {"how": {"type": "string"}}, "required": ["how"]},
                    "output": {"type": "object", "properties": {"message": {"type": "string"}}, "required": ["message"]}}],
                 "objects": ["objects/card.json"],
                 "webhooks": [{"path": "callback"}]}
                """.formatted(id, version, provider, version);
    }

    public static PluginZipBuilder zip(String id, String version, String provider) {
        String card = """
                {"apiName": "%sCard", "label": {"en": "Greeting card", "zh-CN": "问候卡"},
                 "fields": [{"apiName": "to", "type": "text", "label": {"en": "To", "zh-CN": "收件人"}}]}
                """.formatted(id.replace("-", ""));
        return PluginZipBuilder.create().manifest(manifest(id, version, provider)).object("card.json", card)
                .extension(ItHello.Greet.class).extension(ItHello.Misbehave.class).extension(ItHello.Activation.class)
                .extension(ItHello.Callback.class);
    }

    /**
     * A plugin with a settings form of every kind the builder renders: a required text with a length limit and
     * localized label, a bounded number, an enum, a boolean and a required secret (its activation hook refuses the
     * API key {@code wrong}).
     */
    public static String settingsManifest(String id, String version, String provider) {
        return """
                {"id": "%s", "version": "%s", "requires": ">=1.0.0 & <2.0.0", "provider": "%s",
                 "name": {"en": "Shop sync", "zh-CN": "店铺同步"},
                 "description": {"en": "Copies a shop's orders into Quanyu", "zh-CN": "把店铺订单同步到全域"},
                 "settings": {"type": "object", "required": ["shopName", "apiKey"], "properties": {
                    "shopName": {"type": "string", "title": "Shop name", "maxLength": 40,
                                 "x-title": {"en": "Shop name", "zh-CN": "店铺名称"},
                                 "description": "As your customers see it"},
                    "discount": {"type": "number", "title": "Member discount (%%)", "minimum": 0, "maximum": 50},
                    "region": {"type": "string", "title": "Region", "enum": ["north", "south", "west"]},
                    "syncOrders": {"type": "boolean", "title": "Sync orders every hour"},
                    "apiKey": {"type": "string", "title": "API key", "x-secret": true}}}}
                """.formatted(id, version, provider);
    }

    public static PluginZipBuilder settingsZip(String id, String version, String provider) {
        return PluginZipBuilder.create().manifest(settingsManifest(id, version, provider))
                .extension(ItHello.Activation.class);
    }
}
