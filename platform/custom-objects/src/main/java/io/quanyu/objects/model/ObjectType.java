package io.quanyu.objects.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Optional;

/**
 * A tenant's object type (or a standard one shipped by the platform): the metadata from which its JSON Schema,
 * its database collection and indexes and its search mapping are derived.
 *
 * @param managedBy the id of the plugin that contributed the type and alone changes it and its records; null for a
 *                  tenant's own type (set by the platform when it installs a plugin's types, never by a definition
 *                  a tenant sends)
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record ObjectType(String apiName, LocalizedText label, LocalizedText description, String displayField,
                         List<FieldDef> fields, List<IndexDef> indexes, List<Layout> layouts, boolean standard,
                         String managedBy) {

    public ObjectType {
        fields = fields == null ? List.of() : List.copyOf(fields);
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
        layouts = layouts == null ? List.of() : List.copyOf(layouts);
    }

    public Optional<FieldDef> field(String name) {
        return fields.stream().filter(f -> f.apiName().equals(name)).findFirst();
    }

    public ObjectType withFields(List<FieldDef> newFields) {
        return new ObjectType(apiName, label, description, displayField, newFields, indexes, layouts, standard, managedBy);
    }

    /** This type as contributed by a plugin: only that plugin changes it and its records. */
    public ObjectType managedBy(String plugin) {
        return new ObjectType(apiName, label, description, displayField, fields, indexes, layouts, standard, plugin);
    }
}
