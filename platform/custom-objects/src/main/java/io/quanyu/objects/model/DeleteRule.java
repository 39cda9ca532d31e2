package io.quanyu.objects.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What happens to referring records when a referenced record is deleted. */
public enum DeleteRule {
    /** The delete is refused while references exist. */
    RESTRICT,
    /** The references are cleared. */
    SET_NULL,
    /** The referring records are deleted too. */
    CASCADE;

    @JsonValue
    public String key() {
        return switch (this) {
            case RESTRICT -> "restrict";
            case SET_NULL -> "setNull";
            case CASCADE -> "cascade";
        };
    }

    @JsonCreator
    public static DeleteRule fromKey(String key) {
        return switch (key) {
            case "restrict" -> RESTRICT;
            case "setNull" -> SET_NULL;
            case "cascade" -> CASCADE;
            default -> throw new IllegalArgumentException("unknown delete rule " + key.toLowerCase(Locale.ROOT));
        };
    }
}
