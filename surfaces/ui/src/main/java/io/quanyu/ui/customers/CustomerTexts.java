package io.quanyu.ui.customers;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.page.ExtendedClientDetails;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.ui.i18n.Languages;
import tools.jackson.databind.JsonNode;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How customer 360 values read on screen: times in the user's language and browser time zone, identity types and
 * stages by their labels (a tenant's own types and stages by their names), a customer by its display name.
 */
public final class CustomerTexts {
    /** The customer 360's merge and suggestion reasons, each with its label (unknown ones show as they are). */
    private static final Map<Pattern, String> REASONS = Map.of(
            Pattern.compile("event (\\S+) names identities of both"), "customers.reason.sharedEvent",
            Pattern.compile("automatic: event (\\S+) names an auto-merge identity of each"), "customers.reason.automatic",
            Pattern.compile("suggestion (\\S+) accepted"), "customers.reason.accepted",
            Pattern.compile("by hand()"), "customers.reason.byHand");

    private CustomerTexts() {
    }

    static String reason(String reason) {
        for (Map.Entry<Pattern, String> known : REASONS.entrySet()) {
            Matcher m = known.getKey().matcher(reason);
            if (m.matches()) {
                return UI.getCurrent().getTranslation(known.getValue(), m.group(1));
            }
        }
        return reason;
    }

    /** An ISO-8601 instant as a medium date and time of the user's language and zone; blank for none. */
    static String time(String iso) {
        if (iso == null || iso.isBlank()) {
            return "";
        }
        try {
            return time(Instant.parse(iso));
        } catch (DateTimeException e) {
            return iso;
        }
    }

    static String time(Instant instant) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(Languages.current())
                .withZone(zone()).format(instant);
    }

    /** The browser's time zone (UTC until the browser has told it). */
    static ZoneId zone() {
        ExtendedClientDetails details = UI.getCurrent().getPage().getExtendedClientDetails();
        if (details == null || details.getTimeZoneId() == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(details.getTimeZoneId());
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /** A label of this area, or {@code fallback} when the bundle has none (a tenant's own identity types). */
    static String labelOr(String key, String fallback) {
        String text = UI.getCurrent().getTranslation(key);
        return text.startsWith("!") ? fallback : text;
    }

    public static String identityType(String type) {
        return labelOr("customers.identity." + type, type);
    }

    /** A stage by the label of the customer object's {@code lifecycleStage} option, else by its name. */
    static String stage(ObjectType customer, String stage) {
        if (stage == null) {
            return "";
        }
        return customer.field("lifecycleStage").map(FieldDef::options).orElse(java.util.List.of()).stream()
                .filter(o -> o.value().equals(stage)).findFirst().map(o -> Languages.label(o.label())).orElse(stage);
    }

    /** The record's display field, or a short anonymous name made from its id. */
    static String name(ObjectType customer, JsonNode record, String id) {
        String field = customer.displayField() == null ? "name" : customer.displayField();
        JsonNode value = record == null ? null : record.get(field);
        if (value != null && value.isString() && !value.asString().isBlank()) {
            return value.asString();
        }
        return UI.getCurrent().getTranslation("customers.unnamed", id.length() > 8 ? id.substring(0, 8) : id);
    }

    static Span badge(String text, String theme) {
        Span badge = new Span(text);
        badge.getElement().getThemeList().add("badge " + theme);
        return badge;
    }
}
