package io.quanyu.plugin.pkg;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.objects.schema.ObjectCatalog;
import io.quanyu.objects.schema.ObjectTypeParser;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The object types a package contributes. Each declared file must exist and hold a valid object type (checked by
 * {@link ObjectTypeParser}, shape and meaning) whose api name starts with the plugin's prefix (its id without
 * dashes, for example {@code acmehelloCard}), so plugins cannot take each other's or the platform's names.
 * References to other objects (standard or the tenant's) are checked when a tenant enables the plugin.
 */
final class PackageObjects {
    static final String ROOT = "META-INF/quanyu/";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    private PackageObjects() {
    }

    static List<ObjectType> read(PluginManifest manifest, List<PackageEntry> entries) {
        List<JsonNode> definitions = files(manifest, entries);
        String prefix = manifest.objectPrefix();
        Set<String> own = new HashSet<>();
        for (int i = 0; i < definitions.size(); i++) {
            String entry = ROOT + manifest.objects().get(i);
            String apiName = definitions.get(i).path("apiName").asString("");
            if (!apiName.startsWith(prefix) || apiName.length() == prefix.length()) {
                throw invalid(apiName, entry, new FieldViolation("/apiName", "prefix", "must start with " + prefix));
            }
            if (!own.add(apiName)) {
                throw invalid(apiName, entry, new FieldViolation("/apiName", "duplicate", "another object file has this name"));
            }
        }
        List<ObjectType> out = new ArrayList<>();
        for (int i = 0; i < definitions.size(); i++) {
            out.add(parse(definitions.get(i), ROOT + manifest.objects().get(i), prefix, own));
        }
        return out;
    }

    private static List<JsonNode> files(PluginManifest manifest, List<PackageEntry> entries) {
        List<FieldViolation> missing = new ArrayList<>();
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < manifest.objects().size(); i++) {
            String entry = ROOT + manifest.objects().get(i);
            Optional<PackageEntry> file = entries.stream().filter(e -> e.name().equals(entry)).findFirst();
            if (file.isEmpty()) {
                missing.add(new FieldViolation("/objects/" + i, "missingFile", "the package has no " + entry));
            } else {
                out.add(json(entry, file.get().data()));
            }
        }
        if (!missing.isEmpty()) {
            throw new QuanyuException(ErrorCode.PLUGIN_MANIFEST_INVALID, Map.of("plugin", manifest.id()), missing, null);
        }
        return out;
    }

    private static JsonNode json(String entry, byte[] data) {
        try {
            JsonNode node = JSON.readTree(data);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JacksonException e) {
            // reported below
        }
        throw invalid("?", entry, new FieldViolation("", "syntax", "is not a JSON object"));
    }

    /** References to the plugin's own prefix must name one of its objects; others are checked at enablement. */
    private static ObjectType parse(JsonNode definition, String entry, String prefix, Set<String> own) {
        ObjectCatalog known = name -> name.startsWith(prefix) && !own.contains(name) ? Optional.empty()
                : Optional.of(new ObjectType(name, null, null, null, List.of(), List.of(), List.of(), false, null));
        try {
            return ObjectTypeParser.parse(definition, known);
        } catch (QuanyuException e) {
            throw new QuanyuException(e.code(), Map.of("object", definition.path("apiName").asString(), "entry", entry),
                    e.violations(), e);
        }
    }

    private static QuanyuException invalid(String object, String entry, FieldViolation violation) {
        return new QuanyuException(ErrorCode.OBJECT_DEFINITION_INVALID, Map.of("object", object, "entry", entry),
                List.of(violation), null);
    }
}
