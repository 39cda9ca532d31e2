package io.quanyu.objects.schema;

import com.networknt.schema.Schema;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.ObjectType;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/**
 * Turns an object type definition (JSON) into an {@link ObjectType}: first its shape is checked against the
 * definition schema ({@code META-INF/quanyu/schemas/object-type.schema.json}), then its meaning by
 * {@link MetadataValidator}. Every problem is reported at once with {@code OBJECT_DEFINITION_INVALID}.
 */
public final class ObjectTypeParser {
    private static final Schema DEFINITION = JsonSchemas.resource("/META-INF/quanyu/schemas/object-type.schema.json");
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    private ObjectTypeParser() {
    }

    public static ObjectType parse(JsonNode json, ObjectCatalog catalog) {
        ObjectType type = shape(json);
        List<FieldViolation> meaning = MetadataValidator.check(type, json, catalog);
        if (!meaning.isEmpty()) {
            throw invalid(json, meaning);
        }
        return type;
    }

    /** Checks only the definition's shape and binds it; {@link #parse} also checks its meaning. */
    public static ObjectType shape(JsonNode json) {
        List<FieldViolation> shape = JsonSchemas.violations(DEFINITION, json, "");
        if (!shape.isEmpty()) {
            throw invalid(json, shape);
        }
        return MAPPER.treeToValue(json, ObjectType.class);
    }

    public static JsonNode toJson(ObjectType type) {
        return MAPPER.valueToTree(type);
    }

    private static QuanyuException invalid(JsonNode json, List<FieldViolation> violations) {
        String name = json.path("apiName").isString() ? json.path("apiName").stringValue() : "?";
        return new QuanyuException(ErrorCode.OBJECT_DEFINITION_INVALID, Map.of("object", name), violations, null);
    }
}
