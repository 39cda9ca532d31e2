package io.quanyu.objects.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Optional;

/**
 * A tenant's object type (or a standard one shipped by the platform): the metadata from which its JSON Schema,
 * its database collection and indexes and its search mapping are derived.
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record ObjectType(String apiName, LocalizedText label, LocalizedText description, String displayField,
                         List<FieldDef> fields, List<IndexDef> indexes, List<Layout> layouts, boolean standard) {

    public ObjectType {
        fields = fields == null ? List.of() : List.copyOf(fields);
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
        layouts = layouts == null ? List.of() : List.copyOf(layouts);
    }

    public Optional<FieldDef> field(String name) {
        return fields.stream().filter(f -> f.apiName().equals(name)).findFirst();
    }

    public ObjectType withFields(List<FieldDef> newFields) {
        return new ObjectType(apiName, label, description, displayField, newFields, indexes, layouts, standard);
    }
}
