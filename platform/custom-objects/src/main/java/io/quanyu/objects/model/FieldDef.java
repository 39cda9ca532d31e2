package io.quanyu.objects.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.List;

/**
 * One field of an object type. Which attributes apply depends on the type: {@code min}/{@code max} for numbers,
 * {@code minLength}/{@code maxLength}/{@code pattern} for text, {@code precision}/{@code scale} for decimals,
 * {@code options} for selects, {@code target}/{@code onDelete} for references, {@code expression}/
 * {@code resultType} for formulas, {@code prefix}/{@code digits} for auto-numbers. {@code readRoles}, when set,
 * lists the roles that may read the field; everyone else does not see it at all (GraphQL schema, REST answers).
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record FieldDef(String apiName, FieldType type, LocalizedText label, LocalizedText description,
                       boolean required, boolean unique, @JsonProperty("default") JsonNode defaultValue,
                       BigDecimal min, BigDecimal max, Integer minLength, Integer maxLength, String pattern,
                       Integer precision, Integer scale, List<SelectOption> options, String target,
                       DeleteRule onDelete, String expression, FieldType resultType, String prefix, Integer digits,
                       boolean standard, boolean deprecated, List<String> readRoles) {

    public FieldDef {
        options = options == null ? List.of() : List.copyOf(options);
        readRoles = readRoles == null ? List.of() : List.copyOf(readRoles);
    }

    /** Whether a caller with these role names (claim values) may read the field. */
    public boolean readableBy(java.util.Collection<String> roles) {
        return readRoles.isEmpty() || roles.stream().anyMatch(readRoles::contains);
    }

    public DeleteRule deleteRule() {
        return onDelete == null ? DeleteRule.RESTRICT : onDelete;
    }

    public boolean hasDefault() {
        return defaultValue != null && !defaultValue.isNull();
    }
}
