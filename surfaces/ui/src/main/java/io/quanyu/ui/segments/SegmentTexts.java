package io.quanyu.ui.segments;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Span;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.segments.Segment;
import io.quanyu.ui.forms.ViolationText;
import io.quanyu.ui.i18n.Languages;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How the segments screen words things: names in the user's language, times, server violations, badges. */
final class SegmentTexts {
    private static final ViolationText.Limits NO_LIMITS = new ViolationText.Limits(null, null, null, null, null);

    private SegmentTexts() {
    }

    /** The segment's name in the user's language, else its other name, else its key. */
    static String name(Segment segment) {
        Map<String, String> names = segment.names();
        String mine = Languages.CHINESE.equals(Languages.current()) ? "zh-CN" : "en";
        String other = "en".equals(mine) ? "zh-CN" : "en";
        return names.getOrDefault(mine, names.getOrDefault(other, segment.key()));
    }

    static String time(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
                .withLocale(Languages.current()).withZone(ZoneId.systemDefault()).format(instant);
    }

    /** Each violation as "where: what" in the user's language, joined; {@code prefix} is cut from the pointers. */
    static String violations(List<FieldViolation> violations, String prefix) {
        return violations.stream().map(v -> UI.getCurrent().getTranslation("segments.violation",
                where(v.pointer(), prefix), violation(v))).collect(Collectors.joining("; "));
    }

    /**
     * A violation's message in the user's language ({@link ViolationText}). The builder's wording of {@code unknown}
     * speaks of an object's fields, so for rules the server's own text ("is not used by exists") is kept.
     */
    static String violation(FieldViolation v) {
        return "unknown".equals(v.code()) ? v.message()
                : ViolationText.of(v, NO_LIMITS, Languages.current());
    }

    private static String where(String pointer, String prefix) {
        String at = pointer.startsWith(prefix) ? pointer.substring(prefix.length()) : pointer;
        return at.isEmpty() ? UI.getCurrent().getTranslation("segments.rule.title") : at;
    }

    static Span badge(String text, String theme) {
        Span badge = new Span(text);
        badge.getElement().getThemeList().add("badge " + theme);
        return badge;
    }
}
