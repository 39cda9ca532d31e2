package io.quanyu.objects.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A label or description in the builder's two languages. {@code en} is required; {@code zh-CN} falls back to it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocalizedText(@JsonProperty("en") String en, @JsonProperty("zh-CN") String zhCN) {

    public static LocalizedText of(String en, String zhCN) {
        return new LocalizedText(en, zhCN);
    }

    /** The text for a language tag ({@code zh}, {@code zh-CN}, anything else is English). */
    public String in(String languageTag) {
        return languageTag != null && languageTag.startsWith("zh") && zhCN != null ? zhCN : en;
    }
}
