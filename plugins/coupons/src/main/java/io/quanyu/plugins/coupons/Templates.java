package io.quanyu.plugins.coupons;

import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Coupon templates ({@value #OBJECT}): what a coupon of the template is worth, how long it is valid, how many there are
 * and how many one customer may hold. A template is written as a draft ({@code defineTemplate}, which may change a
 * draft again) and then moves through {@code setTemplateStatus}: draft → active ⇄ paused → ended. Only an active
 * template gives out coupons; coupons already held stay valid whatever becomes of it.
 */
public final class Templates {
    static final String OBJECT = "couponsTemplate";
    static final String DRAFT = "draft";
    static final String ACTIVE = "active";
    static final String PAUSED = "paused";
    static final String ENDED = "ended";
    /** The code length when a template names none. */
    static final int CODE_LENGTH = 10;
    /** A template's codes may fill at most one hundredth of its key space, so random codes rarely collide. */
    static final int CODE_SPACE_MARGIN = 100;
    /** Which statuses a template may come from into each status. */
    private static final Map<String, Set<String>> FROM = Map.of(
            ACTIVE, Set.of(DRAFT, PAUSED),
            PAUSED, Set.of(ACTIVE),
            ENDED, Set.of(DRAFT, ACTIVE, PAUSED));
    private static final List<String> DEFINED = List.of("name", "kind", "percentOff", "maxDiscount", "amountOff", "threshold",
            "item", "validFrom", "validTo", "validDays", "stock", "perCustomer", "perCustomerPerDay", "audienceSegment", "audience", "stacking",
            "stackLimit", "giftable", "codePrefix", "codeLength");

    private Templates() {
    }

    /** The template with this key, if there is one. */
    static Optional<Map<String, Object>> find(Records records, String key) {
        return records.find(OBJECT, Map.of("field", "key", "op", "eq", "value", key), 1, null).records().stream().findFirst();
    }

    /** The refusal of an operation on a template key no template has. */
    static OperationResult notFound(String key) {
        return OperationResult.refused("TEMPLATE_NOT_FOUND", "there is no coupon template " + key);
    }

    /**
     * Why the template's stock refused a guarded take: {@code OUT_OF_STOCK} while it is still active (too few
     * left), else {@code TEMPLATE_NOT_ACTIVE}.
     */
    static String stockRefusal(Records records, String templateId) {
        return ACTIVE.equals(records.get(OBJECT, templateId).map(t -> t.get("status")).orElse(null))
                ? "OUT_OF_STOCK" : "TEMPLATE_NOT_ACTIVE";
    }

    /** The problems of a definition (empty when none), each as {@code field: what is wrong}. */
    static List<String> problems(Map<String, Object> input) {
        List<String> out = new ArrayList<>();
        String kind = String.valueOf(input.get("kind"));
        switch (kind) {
            case "percentOff" -> {
                if (input.get("percentOff") == null) {
                    out.add("percentOff: a percentage-off template needs the percentage");
                }
            }
            case "amountOff" -> {
                if (input.get("amountOff") == null) {
                    out.add("amountOff: a cash-off template needs the amount");
                }
            }
            case "exchange" -> {
                if (input.get("item") == null) {
                    out.add("item: an exchange template needs the item");
                }
            }
            default -> {
            }
        }
        if (input.get("validDays") == null && input.get("validTo") == null) {
            out.add("validTo: a template needs an end (validTo) or a number of days after the claim (validDays)");
        }
        Instant from = instant(input.get("validFrom"), "validFrom", out);
        Instant to = instant(input.get("validTo"), "validTo", out);
        if (from != null && to != null && !from.isBefore(to)) {
            out.add("validTo: must come after validFrom");
        }
        if (Stacking.EXCLUSIVE.equals(input.get("stacking")) && input.get("stackLimit") != null) {
            out.add("stackLimit: an exclusive coupon is alone on its order; a limit is for stackable ones");
        }
        int length = input.get("codeLength") instanceof Number n ? n.intValue() : CODE_LENGTH;
        long stock = ((Number) input.get("stock")).longValue();
        BigInteger space = Codes.space(length);
        if (space.compareTo(BigInteger.valueOf(stock).multiply(BigInteger.valueOf(CODE_SPACE_MARGIN))) < 0) {
            out.add("codeLength: " + length + " characters make " + space + " codes, too few for a stock of " + stock
                    + " (at least " + CODE_SPACE_MARGIN + " codes per coupon)");
        }
        return out;
    }

    private static Instant instant(Object value, String field, List<String> problems) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(String.valueOf(value));
        } catch (DateTimeParseException e) {
            problems.add(field + ": not an instant with a zone (2026-12-31T16:00:00Z)");
            return null;
        }
    }

    /** {@code defineTemplate}: a new draft, or a draft defined again (every field as given; stock and remaining reset). */
    @Extension
    public static class Define implements Operation {
        @Override
        public String name() {
            return "defineTemplate";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> input = request.input();
            List<String> problems = new ArrayList<>(problems(input));
            problems.addAll(Audience.problems(request.context().customers(), input.get("audience")));
            if (!problems.isEmpty()) {
                return OperationResult.refused("TEMPLATE_INVALID", String.join("; ", problems));
            }
            String key = (String) input.get("key");
            Map<String, Object> values = new HashMap<>();
            DEFINED.forEach(f -> values.put(f, input.get(f)));
            values.put("remaining", input.get("stock"));
            Records records = request.context().records();
            Map<String, Object> fresh = new LinkedHashMap<>(values);
            fresh.values().removeIf(java.util.Objects::isNull);
            fresh.put("key", key);
            fresh.put("status", DRAFT);
            Records.Created made = records.create(OBJECT, "template:" + key, fresh);
            if (made.created()) {
                return answer(made.record(), true);
            }
            Optional<Map<String, Object>> changed = records.updateWhere(OBJECT, (String) made.record().get("_id"),
                    Map.of("field", "status", "op", "eq", "value", DRAFT), values);
            return changed.map(t -> answer(t, false)).orElseGet(() -> OperationResult.refused("TEMPLATE_NOT_DRAFT",
                    "the template " + key + " is " + made.record().get("status") + ": only a draft can be defined again"));
        }

        private static OperationResult answer(Map<String, Object> template, boolean created) {
            return OperationResult.ok(Map.of("id", template.get("_id"), "key", template.get("key"),
                    "status", template.get("status"), "created", created));
        }
    }

    /** {@code setTemplateStatus}: one step of the template's status, each taken once (asking again answers the same). */
    @Extension
    public static class SetStatus implements Operation {
        @Override
        public String name() {
            return "setTemplateStatus";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            String key = (String) request.input().get("key");
            String to = (String) request.input().get("status");
            Records records = request.context().records();
            Optional<Map<String, Object>> template = find(records, key);
            if (template.isEmpty()) {
                return notFound(key);
            }
            Optional<Map<String, Object>> moved = records.updateWhere(OBJECT, (String) template.get().get("_id"),
                    Map.of("field", "status", "op", "in", "value", List.copyOf(FROM.get(to))), Map.of("status", to));
            if (moved.isPresent()) {
                return OperationResult.ok(Map.of("key", key, "status", to));
            }
            Object now = find(records, key).map(t -> t.get("status")).orElse(null);
            return to.equals(now) ? OperationResult.ok(Map.of("key", key, "status", to))
                    : OperationResult.refused("TEMPLATE_STATUS_REFUSED", "a template that is " + now + " cannot become " + to);
        }
    }
}
