package io.quanyu.ui.segments;

import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.LocalizedText;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.ui.i18n.Languages;
import io.quanyu.ui.segments.RuleVocabulary.Kind;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the field picker of a condition on facts offers the signed-in user: the fixed facts of
 * {@link RuleVocabulary#FACTS}, then the customer record's fields at {@code record.<apiName>}, where segments read
 * them. Only the fields the user may read are offered, as the server refuses a rule on any other
 * ({@code unknownField}); each comes with the kind of value it holds, so the operators and the value input fit it
 * (a date field gets the time operators and a date input), and with its label in the UI language.
 */
public final class FactChoices {
    private static final String RECORD = "record.";
    private final Map<String, Field> fields;

    /** A customer field offered: its label and name, and the kind its value compares as. */
    private record Field(FieldDef def, Kind kind) {
    }

    private FactChoices(Map<String, Field> fields) {
        this.fields = fields;
    }

    /**
     * The fixed facts and the fields of the customer object that a user with these roles (claim values) may read
     * and a rule can compare, in the object's order.
     */
    public static FactChoices of(ObjectType customer, Collection<String> roles) {
        Map<String, Field> fields = new LinkedHashMap<>();
        for (FieldDef field : customer.fields()) {
            if (field.readableBy(roles)) {
                kind(field.type(), field.resultType())
                        .ifPresent(kind -> fields.put(path(field), new Field(field, kind)));
            }
        }
        return new FactChoices(fields);
    }

    /**
     * How a rule compares a field of a type, or empty for the types it cannot compare usefully: JSON, and references
     * (their values are record ids). An auto-number is text: it is stored zero-padded after its prefix
     * ({@code C-000042}), which numeric operators never match. A currency compares by its amount ({@link #path}); a
     * formula as its result.
     */
    static Optional<Kind> kind(FieldType type, FieldType resultType) {
        return switch (type) {
            case TEXT, LONG_TEXT, EMAIL, PHONE, URL, SINGLE_SELECT, AUTO_NUMBER -> Optional.of(Kind.TEXT);
            case INTEGER, DECIMAL, CURRENCY -> Optional.of(Kind.NUMBER);
            case DATE, DATETIME -> Optional.of(Kind.TIME);
            case MULTI_SELECT -> Optional.of(Kind.LIST);
            case BOOLEAN -> Optional.of(Kind.BOOLEAN);
            case FORMULA -> resultType == null ? Optional.empty() : kind(resultType, null);
            case JSON, REFERENCE, MULTI_REFERENCE -> Optional.empty();
        };
    }

    /** The fact a field is read as: {@code record.<apiName>}, a currency's amount {@code record.<apiName>.amount}. */
    private static String path(FieldDef field) {
        return RECORD + field.apiName() + (field.type() == FieldType.CURRENCY ? ".amount" : "");
    }

    /** The paths offered, in order: the fixed facts, then the customer fields. */
    List<String> paths() {
        List<String> paths = new ArrayList<>(RuleVocabulary.FACTS.keySet());
        paths.addAll(fields.keySet());
        return paths;
    }

    /** The kind of a picked or typed path: a customer field's own, else what {@link RuleVocabulary#kind} says. */
    Kind kind(String path) {
        Field field = fields.get(path);
        return field == null ? RuleVocabulary.kind(path) : field.kind();
    }

    /**
     * A customer field's name in the language (zh-* Chinese, else English), else in the other, else its API name;
     * empty for a path that is no customer field offered.
     */
    Optional<String> name(String path, Locale language) {
        return Optional.ofNullable(fields.get(path)).map(field -> {
            LocalizedText label = field.def().label();
            String en = label == null ? null : label.en();
            String zh = label == null ? null : label.zhCN();
            boolean chinese = Languages.supported(language).equals(Languages.CHINESE);
            return Stream.of(chinese ? zh : en, chinese ? en : zh, field.def().apiName())
                    .filter(text -> text != null && !text.isBlank()).findFirst().orElseThrow();
        });
    }
}
