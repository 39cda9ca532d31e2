package io.quanyu.objects.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** The kinds of field an object type can have; the key is what metadata JSON uses. */
public enum FieldType {
    TEXT("text"), LONG_TEXT("longText"), INTEGER("integer"), DECIMAL("decimal"), BOOLEAN("boolean"),
    DATE("date"), DATETIME("datetime"), SINGLE_SELECT("singleSelect"), MULTI_SELECT("multiSelect"),
    EMAIL("email"), PHONE("phone"), URL("url"), CURRENCY("currency"), JSON("json"),
    REFERENCE("reference"), MULTI_REFERENCE("multiReference"), FORMULA("formula"), AUTO_NUMBER("autoNumber");

    private final String key;

    FieldType(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }

    @JsonCreator
    public static FieldType fromKey(String key) {
        return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown field type " + key));
    }

    /** Computed by the platform, never written by a client. */
    public boolean computed() {
        return this == FORMULA || this == AUTO_NUMBER;
    }

    /** Holds one comparable value, so it can be unique, indexed, sorted and used in a formula. */
    public boolean scalar() {
        return switch (this) {
            case MULTI_SELECT, JSON, MULTI_REFERENCE, CURRENCY, LONG_TEXT -> false;
            default -> true;
        };
    }
}
