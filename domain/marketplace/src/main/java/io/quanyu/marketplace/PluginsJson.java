package io.quanyu.marketplace;

import io.quanyu.objects.model.LocalizedText;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The marketplace in pf4j-update's repository format ({@code plugins.json}): an array of plugins
 * ({@code id, name, description, provider, projectUrl, releases}), each release with {@code version},
 * {@code date} ({@code yyyy-MM-dd}), {@code requires}, {@code url} and {@code sha512sum} (pf4j-update's name for the
 * SHA-512 it verifies downloads with). Also reads names and descriptions from stored manifests.
 */
final class PluginsJson {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private PluginsJson() {
    }

    /**
     * @param plugins   each plugin's releases that were not yanked, newest first; plugins in id order
     * @param urlPrefix where downloads are served; a release's url is {@code prefix/id/version.zip}
     */
    static String render(List<List<Release>> plugins, String urlPrefix) {
        String prefix = urlPrefix.replaceAll("/+$", "");
        ArrayNode out = JSON.createArrayNode();
        for (List<Release> releases : plugins) {
            Release latest = releases.getFirst();
            JsonNode manifest = manifest(latest);
            ObjectNode plugin = out.addObject().put("id", latest.pluginId())
                    .put("name", text(manifest.path("name")).en())
                    .put("description", description(manifest))
                    .put("provider", manifest.path("provider").asString())
                    .put("projectUrl", "");
            ArrayNode list = plugin.putArray("releases");
            releases.forEach(r -> list.addObject().put("version", r.version())
                    .put("date", LocalDate.ofInstant(r.publishedAt(), ZoneOffset.UTC).toString())
                    .put("requires", r.requires())
                    .put("url", prefix + "/" + r.pluginId() + "/" + r.version() + ".zip")
                    .put("sha512sum", r.sha512()));
        }
        return JSON.writeValueAsString(out);
    }

    static JsonNode manifest(Release release) {
        return JSON.readTree(release.manifest());
    }

    static LocalizedText text(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        return new LocalizedText(node.path("en").asString(null), node.path("zh-CN").asString(null));
    }

    private static String description(JsonNode manifest) {
        LocalizedText description = text(manifest.path("description"));
        return description == null ? "" : description.en();
    }
}
