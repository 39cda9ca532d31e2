package io.quanyu.plugin.testkit.samples;

import io.quanyu.plugin.testkit.PluginZipBuilder;

/** Manifests and zips of the sample plugins. */
public final class SamplePlugins {
    private SamplePlugins() {
    }

    public static String manifest(String id, String version, String operations) {
        return """
                {"id": "%s", "version": "%s", "requires": ">=1.0.0 & <2.0.0", "provider": "acmesoft",
                 "name": {"en": "Hello", "zh-CN": "你好"},
                 "settings": {"type": "object", "properties": {
                    "greeting": {"type": "string", "title": "Greeting"},
                    "apiKey": {"type": "string", "title": "API key", "x-secret": true}}},
                 "operations": [%s]}
                """.formatted(id, version, operations);
    }

    public static String operation(String name) {
        return """
                {"name": "%s", "kind": "query",
                 "input": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
                 "output": {"type": "object", "properties": {"message": {"type": "string"}}, "required": ["message"]}}
                """.formatted(name);
    }

    /** The well-behaved hello plugin. */
    public static byte[] hello(String version) {
        return PluginZipBuilder.create().manifest(manifest("acme-hello", version, operation("greet")))
                .extension(Greet.class).build();
    }

    /** A plugin with every fault. */
    public static byte[] faulty() {
        String ops = String.join(",", operation("boom"), operation("hang"), operation("garbage"),
                operation("wrongShape"), operation("flood"), operation("escape"), operation("undeclaredTask"),
                operation("undeclaredUrl"));
        return PluginZipBuilder.create().manifest(manifest("acme-faulty", "1.0.0", ops))
                .extension(Faults.Boom.class).extension(Faults.Hang.class).extension(Faults.Garbage.class)
                .extension(Faults.WrongShape.class).extension(Faults.Flood.class).extension(Faults.Escape.class)
                .extension(Faults.UndeclaredTask.class).extension(Faults.UndeclaredUrl.class).build();
    }
}
