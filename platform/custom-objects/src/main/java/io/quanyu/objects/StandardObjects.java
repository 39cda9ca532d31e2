package io.quanyu.objects;

import io.quanyu.objects.model.ObjectType;
import io.quanyu.objects.schema.ObjectTypeParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The object types every tenant has: Customer, Order, OrderLine, Product and Store, shipped as metadata under
 * {@code META-INF/quanyu/objects/}. Tenants may add fields to them but not remove the standard ones.
 */
public final class StandardObjects {
    public static final List<String> NAMES = List.of("customer", "store", "product", "order", "orderLine");
    private static final Map<String, ObjectType> TYPES = load();

    private StandardObjects() {
    }

    private static Map<String, ObjectType> load() {
        JsonMapper mapper = JsonMapper.builder().build();
        Map<String, JsonNode> raw = new LinkedHashMap<>();
        for (String name : NAMES) {
            try (var in = StandardObjects.class.getResourceAsStream("/META-INF/quanyu/objects/" + name + ".json")) {
                raw.put(name, mapper.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, ObjectType> shapes = new LinkedHashMap<>();
        raw.forEach((name, json) -> shapes.put(name, ObjectTypeParser.shape(json)));
        Map<String, ObjectType> types = new LinkedHashMap<>();
        raw.forEach((name, json) -> types.put(name, ObjectTypeParser.parse(json, o -> Optional.ofNullable(shapes.get(o)))));
        return Map.copyOf(types);
    }

    public static List<ObjectType> all() {
        return NAMES.stream().map(TYPES::get).toList();
    }

    public static Optional<ObjectType> find(String apiName) {
        return Optional.ofNullable(TYPES.get(apiName));
    }
}
