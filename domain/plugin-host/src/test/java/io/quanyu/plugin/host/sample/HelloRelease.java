package io.quanyu.plugin.host.sample;

import io.quanyu.plugin.testkit.PluginZipBuilder;

/** Builds releases of the sample plugin with the test kit. */
public final class HelloRelease {
    private HelloRelease() {
    }

    public static String manifest(String version) {
        return """
                {"id": "acme-hello", "version": "%s", "requires": ">=1.0.0 & <2.0.0", "provider": "acmesoft",
                 "name": {"en": "Hello", "zh-CN": "你好"}, "description": {"en": "Greets customers", "zh-CN": "问候客户"},
                 "settings": {"type": "object", "properties": {
                    "greeting": {"type": "string", "title": "Greeting", "maxLength": 20},
                    "apiKey": {"type": "string", "title": "API key", "x-secret": true}}, "required": ["apiKey"]},
                 "operations": [{"name": "greet", "kind": "mutation",
                    "input": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
                    "output": {"type": "object", "properties": {"message": {"type": "string"}}, "required": ["message"]}}],
                 "objects": ["objects/card.json"],
                 "jobs": [{"name": "tally", "every": "PT1H"}],
                 "tasks": [{"name": "remind"}],
                 "subscriptions": [{"name": "visits", "eventTypes": ["shop.visit", "profile.tags_changed"]}],
                 "webhooks": [{"path": "callback"}],
                 "actions": [{"name": "stamp", "title": {"en": "Stamp a card", "zh-CN": "盖章"},
                    "parameters": {"type": "object", "properties": {"mode": {"enum": ["done", "fail", "throw", "later"]}}}}],
                 "triggers": [{"name": "visited", "eventTypes": ["shop.visit"],
                    "parameters": {"type": "object", "properties": {"page": {"type": "string"}}, "required": ["page"]}}]}
                """.formatted(version);
    }

    public static final String CARD = """
            {"apiName": "acmehelloCard", "label": {"en": "Greeting card", "zh-CN": "问候卡"},
             "fields": [{"apiName": "to", "type": "text", "label": {"en": "To", "zh-CN": "收件人"}}]}
            """;

    /** Release 2 of the card: a new optional field. */
    public static final String CARD_WITH_NOTE = """
            {"apiName": "acmehelloCard", "label": {"en": "Greeting card", "zh-CN": "问候卡"},
             "fields": [{"apiName": "to", "type": "text", "label": {"en": "To", "zh-CN": "收件人"}},
                        {"apiName": "note", "type": "text", "label": {"en": "Note", "zh-CN": "备注"}}]}
            """;

    public static PluginZipBuilder zip(String version) {
        return zip(version, CARD);
    }

    public static PluginZipBuilder zip(String version, String card) {
        return PluginZipBuilder.create().manifest(manifest(version)).object("card.json", card)
                .extension(Hello.Greet.class).extension(Hello.Activation.class).extension(Hello.Tally.class).extension(Hello.Remind.class)
                .extension(Hello.Visits.class).extension(Hello.Stamp.class).extension(Hello.Visited.class)
                .extension(Hello.Callback.class);
    }
}
