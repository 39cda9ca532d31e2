package io.quanyu.messaging;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tenant's rules for marketing messages: quiet hours (in the customer's time zone when the customer record has a
 * valid {@code timeZone}, else the tenant's), a frequency cap across channels, the channels that need an explicit
 * opt-in, and the template language for customers whose record names none ({@code locale}).
 *
 * @param quietHours   when marketing messages wait ({@code defer}) or are dropped ({@code drop}); null: never
 * @param frequencyCap at most {@code max} marketing messages per customer in {@code hours}, across channels; null: none
 * @param optIn        channels on which a customer must have granted consent (elsewhere only a withdrawal stops)
 */
public record MessagingSettings(@Nullable QuietHours quietHours, @Nullable FrequencyCap frequencyCap, Set<String> optIn,
                                String defaultLocale) {
    static final JsonMapper JSON = JsonMapper.builder().build();
    public static final MessagingSettings DEFAULT = new MessagingSettings(null, null, Set.of(), "zh-CN");
    static final Set<String> LOCALES = Set.of("zh-CN", "en");

    public MessagingSettings {
        optIn = Set.copyOf(optIn);
    }

    /** Quiet hours from {@code start} to {@code end} (across midnight when end is earlier). */
    public record QuietHours(LocalTime start, LocalTime end, ZoneId zone, boolean defer) {
        /** When the quiet hours around {@code at} (in {@code zone}) end, or empty when {@code at} is not inside them. */
        public Optional<ZonedDateTime> endOf(ZonedDateTime at) {
            LocalTime t = at.toLocalTime();
            boolean inside = start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end)
                    : !t.isBefore(start) || t.isBefore(end);
            if (!inside || start.equals(end)) {
                return Optional.empty();
            }
            ZonedDateTime endToday = at.with(end).withSecond(0).withNano(0);
            return Optional.of(endToday.isAfter(at) ? endToday : endToday.plusDays(1));
        }
    }

    public record FrequencyCap(int max, int hours) {
        public Duration window() {
            return Duration.ofHours(hours);
        }
    }

    /** The settings in {@code json}; every mistake reported at once ({@code REQUEST_VALIDATION_FAILED}). */
    public static MessagingSettings parse(JsonNode json) {
        List<FieldViolation> bad = new ArrayList<>();
        if (json == null || !json.isObject()) {
            throw QuanyuException.invalid(List.of(new FieldViolation("", "type", "must be an object")));
        }
        for (String name : json.propertyNames()) {
            if (!Set.of("quietHours", "frequencyCap", "optIn", "defaultLocale").contains(name)) {
                bad.add(new FieldViolation("/" + name, "unknown", "is not a messaging setting"));
            }
        }
        QuietHours quiet = null;
        JsonNode q = json.path("quietHours");
        if (q.isObject()) {
            LocalTime start = time(q.path("start"), "/quietHours/start", bad);
            LocalTime end = time(q.path("end"), "/quietHours/end", bad);
            ZoneId zone = null;
            try {
                zone = ZoneId.of(q.path("zone").asString("Asia/Shanghai"));
            } catch (DateTimeException e) {
                bad.add(new FieldViolation("/quietHours/zone", "invalid", "is not a time zone such as Asia/Shanghai"));
            }
            String action = q.path("action").asString("defer");
            if (!Set.of("defer", "drop").contains(action)) {
                bad.add(new FieldViolation("/quietHours/action", "enum", "is defer or drop"));
            }
            if (start != null && end != null && start.equals(end)) {
                bad.add(new FieldViolation("/quietHours/end", "invalid", "must differ from start"));
            }
            if (start != null && end != null && zone != null) {
                quiet = new QuietHours(start, end, zone, "defer".equals(action));
            }
        } else if (!q.isMissingNode() && !q.isNull()) {
            bad.add(new FieldViolation("/quietHours", "type", "must be an object or null"));
        }
        FrequencyCap cap = null;
        JsonNode c = json.path("frequencyCap");
        if (c.isObject()) {
            int max = c.path("max").asInt(-1);
            int hours = c.path("hours").asInt(-1);
            if (!c.path("max").isIntegralNumber() || max < 1 || max > 1000) {
                bad.add(new FieldViolation("/frequencyCap/max", "range", "is a whole number from 1 to 1000"));
            }
            if (!c.path("hours").isIntegralNumber() || hours < 1 || hours > 24 * 31) {
                bad.add(new FieldViolation("/frequencyCap/hours", "range", "is a whole number of hours from 1 to 744"));
            }
            cap = new FrequencyCap(max, hours);
        } else if (!c.isMissingNode() && !c.isNull()) {
            bad.add(new FieldViolation("/frequencyCap", "type", "must be an object or null"));
        }
        Set<String> optIn = new TreeSet<>();
        JsonNode o = json.path("optIn");
        if (o.isArray()) {
            for (int i = 0; i < o.size(); i++) {
                String name = o.get(i).asString("");
                if (!Templates.CHANNEL.matcher(name).matches()) {
                    bad.add(new FieldViolation("/optIn/" + i, "invalid", "is a channel name"));
                }
                optIn.add(name);
            }
        } else if (!o.isMissingNode() && !o.isNull()) {
            bad.add(new FieldViolation("/optIn", "type", "must be an array of channel names"));
        }
        String locale = json.path("defaultLocale").asString("zh-CN");
        if (!LOCALES.contains(locale)) {
            bad.add(new FieldViolation("/defaultLocale", "enum", "is zh-CN or en"));
        }
        if (!bad.isEmpty()) {
            throw QuanyuException.invalid(bad);
        }
        return new MessagingSettings(quiet, cap, optIn, locale);
    }

    private static @Nullable LocalTime time(JsonNode node, String at, List<FieldViolation> bad) {
        try {
            return LocalTime.parse(node.asString(""));
        } catch (DateTimeParseException e) {
            bad.add(new FieldViolation(at, "invalid", "is a time of day such as 21:00"));
            return null;
        }
    }

    public ObjectNode toJson() {
        ObjectNode out = JSON.createObjectNode();
        if (quietHours != null) {
            out.putObject("quietHours").put("start", quietHours.start().toString()).put("end", quietHours.end().toString())
                    .put("zone", quietHours.zone().getId()).put("action", quietHours.defer() ? "defer" : "drop");
        } else {
            out.putNull("quietHours");
        }
        if (frequencyCap != null) {
            out.putObject("frequencyCap").put("max", frequencyCap.max()).put("hours", frequencyCap.hours());
        } else {
            out.putNull("frequencyCap");
        }
        optIn.stream().sorted().forEach(out.putArray("optIn")::add);
        out.put("defaultLocale", defaultLocale);
        return out;
    }

    Document toDocument() {
        return Document.parse(toJson().toString());
    }

    static MessagingSettings of(@Nullable Document stored) {
        if (stored == null) {
            return DEFAULT;
        }
        ObjectNode json = (ObjectNode) JSON.readTree(stored.toJson());
        json.remove("_id");
        return parse(json);
    }
}
