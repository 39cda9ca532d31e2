package io.quanyu.graphql;

import io.quanyu.records.ObjectInfo;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GraphQL names for a tenant's objects. Object api names never contain an underscore, so helper types
 * ({@code Card_Connection}, {@code Card_Filter}, ...) can never clash with an object's own type; a type name that
 * would clash with a built-in one gets the suffix {@code _Record}, and a plural that equals another object's name
 * becomes {@code <name>_list}. Relay's names win over the tenant's: an object {@code node} is read one at a time
 * with {@code node_record(id:)}, and a field {@code id} is {@code id_field} on its record type ({@code id} is the
 * global id there; inputs and filters keep {@code id}).
 */
final class TypeNames {
    private static final Set<String> RESERVED = Set.of("Query", "Mutation", "Node", "PageInfo", "BulkResult", "Violation",
            "ObjectDefinition", "Migration", "SortDirection", "String", "Int", "Float", "Boolean", "ID", "Long",
            "Decimal", "DateTime", "Date", "Email", "Phone", "Currency", "JSON");

    private final Map<String, String> types = new HashMap<>();
    private final Map<String, String> plurals = new HashMap<>();

    TypeNames(List<ObjectInfo> objects) {
        Set<String> singulars = new HashSet<>();
        objects.forEach(o -> singulars.add(o.type().apiName()));
        for (ObjectInfo o : objects) {
            String api = o.type().apiName();
            String type = Character.toUpperCase(api.charAt(0)) + api.substring(1);
            types.put(api, RESERVED.contains(type) ? type + "_Record" : type);
            String plural = plural(api);
            plurals.put(api, singulars.contains(plural) ? api + "_list" : plural);
        }
    }

    String type(String api) {
        return types.get(api);
    }

    /** The root field that reads one record of {@code api}. */
    String root(String api) {
        return api.equals("node") ? "node_record" : api;
    }

    /** A record field's name on its output type. */
    static String field(String apiName) {
        return apiName.equals(NodeFields.ID) ? "id_field" : apiName;
    }

    String plural(String api, boolean capitalized) {
        String p = plurals.get(api);
        return capitalized ? Character.toUpperCase(p.charAt(0)) + p.substring(1) : p;
    }

    static String plural(String word) {
        if (word.endsWith("s") || word.endsWith("x") || word.endsWith("ch") || word.endsWith("sh")) {
            return word + "es";
        }
        if (word.endsWith("y") && word.length() > 1 && "aeiou".indexOf(word.charAt(word.length() - 2)) < 0) {
            return word.substring(0, word.length() - 1) + "ies";
        }
        return word + "s";
    }
}
