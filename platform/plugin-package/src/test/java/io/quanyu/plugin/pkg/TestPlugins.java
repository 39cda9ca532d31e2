package io.quanyu.plugin.pkg;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A valid plugin package (the SDK README's {@code acme-hello} example) that tests change one thing at a time.
 * Shared with other modules' tests through this module's test jar.
 */
public final class TestPlugins {
    public static final String MANIFEST = "META-INF/quanyu/plugin.json";
    public static final String OBJECT = "META-INF/quanyu/objects/hello_card.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MANIFEST_JSON = """
            {
              "id": "acme-hello",
              "version": "1.2.0",
              "requires": ">=1.0.0 & <2.0.0",
              "provider": "acmesoft",
              "license": "Apache-2.0",
              "name": {"en": "Hello", "zh-CN": "你好"},
              "description": {"en": "Greets customers", "zh-CN": "问候客户"},
              "settings": {
                "type": "object",
                "properties": {
                  "greeting": {"type": "string", "title": "Greeting", "default": "Hello"},
                  "apiKey": {"type": "string", "title": "API key", "x-secret": true}
                },
                "required": ["apiKey"]
              },
              "operations": [
                {"name": "greet", "kind": "query", "description": "Greets someone",
                 "input": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
                 "output": {"type": "object", "properties": {"message": {"type": "string"}}, "required": ["message"]}}
              ],
              "objects": ["objects/hello_card.json"],
              "events": [{"type": "hello.greeted", "schema": {"type": "object"}}],
              "channels": [{"name": "hello-sms", "identityTypes": ["phone"], "capabilities": ["text"]}],
              "actions": [{"name": "sendHello", "parameters": {"type": "object"}}],
              "triggers": [{"name": "greeted", "eventTypes": ["hello.greeted"], "parameters": {"type": "object"}}],
              "webhooks": [{"path": "callback"}],
              "jobs": [{"name": "refresh", "every": "PT15M"}],
              "widgets": [{"name": "greetingsPerDay", "title": {"en": "Greetings", "zh-CN": "问候数"},
                           "chart": {"series": [{"type": "line"}]}}]
            }
            """;
    private static final String OBJECT_JSON = """
            {"apiName": "acmehelloCard", "label": {"en": "Hello card", "zh-CN": "问候卡"},
             "fields": [{"apiName": "title", "type": "text", "label": {"en": "Title"}, "required": true},
                        {"apiName": "sentAt", "type": "datetime", "label": {"en": "Sent at"}}]}
            """;

    private TestPlugins() {
    }

    /** The README's example manifest, to change in a test. */
    public static ObjectNode manifest() {
        return (ObjectNode) JSON.readTree(MANIFEST_JSON);
    }

    /** A valid package with {@code manifest}, its object file, classes with an extension index and a library jar. */
    public static TestZip zip(ObjectNode manifest) {
        return TestZip.create()
                .with("META-INF/", new byte[0])
                .with("META-INF/quanyu/", new byte[0])
                .with(MANIFEST, manifest.toString())
                .with(OBJECT, OBJECT_JSON)
                .with("classes/META-INF/extensions.idx", "com.acme.hello.Greet\n")
                .with("classes/com/acme/hello/Greet.class", new byte[]{(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE})
                .with("lib/acme-util-1.0.jar", jar());
    }

    /** The valid package of the README's manifest. */
    public static TestZip zip() {
        return zip(manifest());
    }

    /** The valid package with another id, version and provider. */
    public static byte[] release(String id, String version, String provider) {
        ObjectNode manifest = manifest().put("id", id).put("version", version).put("provider", provider);
        manifest.remove("objects");
        return zip(manifest).without(OBJECT).bytes();
    }

    /** A small, real jar. */
    public static byte[] jar() {
        return TestZip.create().with("com/acme/util/Strings.class", "not really a class").bytes();
    }
}
