package io.quanyu.plugins.coupons;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.jspecify.annotations.Nullable;
import org.pf4j.Extension;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Coupons ({@value #OBJECT}) once held, and their lifecycle, as WeChat cards have it:
 * <pre>
 * claimed ─ reserve ─▶ reserved ─ redeem (the same order) ─▶ redeemed ─ refund ─▶ claimed
 *    │  ▲                 └─ release, or its time ends ─▶ claimed
 *    │  └─ gift times out ── gifting ◀─ gift ─┤
 *    │                          └─ accept ─▶ gifted (a new coupon, claimed by the receiver)
 *    ├─ its time ends ─▶ expired
 *    └─ void ─▶ voided
 * </pre>
 * Every step is one guarded update of the coupon's record ({@code status} and what the step needs), so two
 * concurrent steps cannot both take one coupon. This class answers what an order would get from one
 * ({@code validate}, which changes nothing), redeems it (once per order), voids it and lists a customer's.
 */
public final class Coupons {
    static final String OBJECT = "couponsCoupon";
    static final String CLAIMED = "claimed";
    static final String RESERVED = "reserved";
    static final String REDEEMED = "redeemed";
    static final String GIFTING = "gifting";
    static final String GIFTED = "gifted";
    static final String EXPIRED = "expired";
    static final String VOIDED = "voided";
    /** How often a fresh code is drawn again when another coupon holds it. */
    private static final int CODE_ATTEMPTS = 5;
    private static final Map<String, Object> HELD = eq("status", CLAIMED);

    private Coupons() {
    }

    static Map<String, Object> eq(String field, Object value) {
        return Map.of("field", field, "op", "eq", "value", value);
    }

    static Map<String, Object> and(Map<String, Object> first, Map<String, Object> second) {
        return Map.of("and", List.of(first, second));
    }

    /** A coupon as the operations answer it. */
    static Map<String, Object> view(Map<String, Object> coupon) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", coupon.get("_id"));
        for (String field : List.of("code", "template", "customerId", "status", "source", "claimedAt", "validFrom", "expiresAt",
                "orderId", "discount", "redeemedAt", "reservation", "reservedUntil", "giftUntil", "giftedFrom", "previousCode",
                "giftedTo", "giftedAt", "refundId", "refundedAt", "expiredAt", "voidedAt", "reason")) {
            if (coupon.get(field) != null) {
                out.put(field, coupon.get(field) instanceof BigDecimal d ? d.doubleValue() : coupon.get(field));
            }
        }
        out.putIfAbsent("expiresAt", null);
        return out;
    }

    /** A caller's key as a record key: as given when short enough, else its SHA-256 (hex). */
    static String key(String key) {
        if (key.length() <= 150) {
            return key;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Optional<Map<String, Object>> byCode(Records records, String code) {
        return records.find(OBJECT, eq("code", code), 1, null).records().stream().findFirst();
    }

    /**
     * Creates a coupon once under {@code key} with a fresh code of the template's format; a code another coupon holds
     * is drawn again.
     */
    static Map<String, Object> create(Records records, Map<String, Object> template, String key, Map<String, Object> values) {
        String prefix = template.get("codePrefix") == null ? "" : String.valueOf(template.get("codePrefix"));
        int length = template.get("codeLength") instanceof Number n ? n.intValue() : Templates.CODE_LENGTH;
        Map<String, Object> coupon = new LinkedHashMap<>(values);
        for (int attempt = 1; ; attempt++) {
            coupon.put("code", Codes.next(prefix, length));
            try {
                return records.create(OBJECT, key(key), coupon).record();
            } catch (PluginException e) {
                if (!"RECORD_DUPLICATE".equals(e.code()) || attempt == CODE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The refusal of an operation on a code no coupon has. */
    static OperationResult notFound(String code) {
        return OperationResult.refused("COUPON_NOT_FOUND", "there is no coupon " + code);
    }

    /** Why a coupon that is not claimed cannot be used now, as a refusal's code. */
    static String unusable(Object status) {
        return "COUPON_" + String.valueOf(status).toUpperCase(java.util.Locale.ROOT);
    }

    /** What an order would get from a coupon: the discount, or why it would not accept it. */
    record Verdict(@Nullable String reason, @Nullable String message, BigDecimal discount, String kind, @Nullable String item) {
        Map<String, Object> output() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("valid", reason == null);
            if (reason != null) {
                out.put("reason", reason);
            }
            out.put("kind", kind);
            out.put("discount", discount.doubleValue());
            if (item != null) {
                out.put("item", item);
            }
            return out;
        }
    }

    /**
     * Whether the order {@code orderId} of {@code amount} (and {@code shipping}) by {@code customerId} would accept the
     * coupon, and its discount: a percentage of the amount (capped by {@code maxDiscount}), a cash amount (at most the
     * order's), the shipping, or an item. The coupon must be claimed (or reserved for this order, until its
     * reservation ends), the customer hold it, the order reach the threshold, the time be within its validity.
     */
    static Verdict verdict(Map<String, Object> coupon, Map<String, Object> template, @Nullable String customerId,
                           @Nullable String orderId, @Nullable BigDecimal amount, @Nullable BigDecimal shipping, Instant now) {
        String kind = String.valueOf(template.get("kind"));
        String item = "exchange".equals(kind) ? String.valueOf(template.get("item")) : null;
        String reason = null;
        String message = null;
        String status = String.valueOf(coupon.get("status"));
        BigDecimal threshold = decimal(template.get("threshold"));
        boolean reservedForOrder = RESERVED.equals(status) && orderId != null && orderId.equals(coupon.get("orderId"));
        if (reservedForOrder && !now.isBefore(Instant.parse(String.valueOf(coupon.get("reservedUntil"))))) {
            reason = "RESERVATION_EXPIRED";
            message = "the reservation for order " + orderId + " ended at " + coupon.get("reservedUntil");
        } else if (RESERVED.equals(status) && !reservedForOrder) {
            reason = "COUPON_RESERVED";
            message = "the coupon is reserved for another order until " + coupon.get("reservedUntil");
        } else if (!CLAIMED.equals(status) && !reservedForOrder) {
            reason = unusable(status);
            message = "the coupon is " + status;
        } else if (customerId != null && !customerId.equals(coupon.get("customerId"))) {
            reason = "COUPON_NOT_HELD";
            message = "the coupon is not the customer's";
        } else if (coupon.get("validFrom") != null && now.isBefore(Instant.parse(String.valueOf(coupon.get("validFrom"))))) {
            reason = "COUPON_NOT_YET_VALID";
            message = "the coupon is valid from " + coupon.get("validFrom");
        } else if (coupon.get("expiresAt") != null && !now.isBefore(Instant.parse(String.valueOf(coupon.get("expiresAt"))))) {
            reason = "COUPON_EXPIRED";
            message = "the coupon expired at " + coupon.get("expiresAt");
        } else if (amount == null && ("percentOff".equals(kind) || "amountOff".equals(kind) || threshold.signum() > 0)) {
            reason = "ORDER_AMOUNT_REQUIRED";
            message = "the order's amount decides this coupon";
        } else if (amount != null && amount.compareTo(threshold) < 0) {
            reason = "BELOW_THRESHOLD";
            message = "the order must come to at least " + threshold.toPlainString();
        }
        BigDecimal discount = BigDecimal.ZERO;
        if (reason == null) {
            discount = switch (kind) {
                case "percentOff" -> {
                    BigDecimal off = amount.multiply(decimal(template.get("percentOff"))).divide(BigDecimal.valueOf(100), 2,
                            RoundingMode.HALF_UP);
                    yield template.get("maxDiscount") == null ? off : off.min(decimal(template.get("maxDiscount")));
                }
                case "amountOff" -> decimal(template.get("amountOff")).min(amount);
                case "freeShipping" -> shipping == null ? BigDecimal.ZERO : shipping;
                default -> BigDecimal.ZERO;
            };
        }
        return new Verdict(reason, message, discount, kind, item);
    }

    static BigDecimal decimal(@Nullable Object value) {
        return value == null ? BigDecimal.ZERO : new BigDecimal(String.valueOf(value));
    }

    static @Nullable BigDecimal decimalOrNull(@Nullable Object value) {
        return value == null ? null : new BigDecimal(String.valueOf(value));
    }

    static Map<String, Object> template(Records records, Map<String, Object> coupon) {
        return Templates.find(records, String.valueOf(coupon.get("template"))).orElseThrow(() ->
                new IllegalStateException("coupon " + coupon.get("_id") + " names the template " + coupon.get("template")
                        + ", which is gone"));
    }

    /** {@code validate}: whether the order would accept the coupon, and why not; nothing changes. */
    @Extension
    public static class Validate implements Operation {
        @Override
        public String name() {
            return "validate";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            Records records = request.context().records();
            Optional<Map<String, Object>> coupon = byCode(records, (String) in.get("code"));
            if (coupon.isEmpty()) {
                return OperationResult.ok(Map.of("valid", false, "reason", "COUPON_NOT_FOUND"));
            }
            Map<String, Object> template = template(records, coupon.get());
            String order = (String) in.get("orderId");
            Verdict verdict = verdict(coupon.get(), template, (String) in.get("customerId"), order,
                    decimalOrNull(in.get("orderAmount")), decimalOrNull(in.get("shipping")), request.context().now());
            boolean onOrder = order != null && order.equals(coupon.get().get("orderId"));
            if (verdict.reason() == null && order != null && !onOrder) {
                Optional<Stacking.Refusal> full = Stacking.check(records, template, order);
                if (full.isPresent()) {
                    verdict = new Verdict(full.get().code(), full.get().message(), BigDecimal.ZERO, verdict.kind(), verdict.item());
                }
            }
            return OperationResult.ok(verdict.output());
        }
    }

    /**
     * {@code redeem}: the coupon is used on the order, if the order would accept it: a claimed coupon, or one reserved
     * for this order (which commits the reservation; naming it as {@code reservation} refuses the redemption once the
     * reservation was released). The same order again answers the first redemption ({@code duplicate}); another
     * order, or a coupon no longer held, is refused with the reason.
     */
    @Extension
    public static class Redeem implements Operation {
        @Override
        public String name() {
            return "redeem";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            PluginContext context = request.context();
            Records records = context.records();
            String code = (String) in.get("code");
            String order = (String) in.get("orderId");
            String named = (String) in.get("reservation");
            Optional<Map<String, Object>> found = byCode(records, code);
            if (found.isEmpty()) {
                return Coupons.notFound(code);
            }
            Map<String, Object> template = template(records, found.get());
            for (Map<String, Object> coupon = found.get(); ; coupon = byCode(records, code).orElseThrow()) {
                if (REDEEMED.equals(coupon.get("status")) && order.equals(coupon.get("orderId"))) {
                    Reservations.settle(context, coupon);
                    return redeemed(coupon, template, true);
                }
                String committing = RESERVED.equals(coupon.get("status")) ? (String) coupon.get("reservation") : null;
                if (named != null && !named.equals(committing)) {
                    return Reservations.notOn(records, named, code);
                }
                Object amount = in.get("orderAmount");
                Object shipping = in.get("shipping");
                if (committing != null && amount == null) {
                    Map<String, Object> reservation = records.get(Reservations.OBJECT, committing).orElseThrow();
                    amount = reservation.get("orderAmount");
                    shipping = shipping == null ? reservation.get("shipping") : shipping;
                }
                Verdict verdict = verdict(coupon, template, (String) in.get("customerId"), order, decimalOrNull(amount),
                        decimalOrNull(shipping), context.now());
                if (verdict.reason() != null) {
                    return OperationResult.refused(verdict.reason(), verdict.message());
                }
                Map<String, Object> changes = new HashMap<>();
                changes.put("status", REDEEMED);
                changes.put("orderId", order);
                changes.put("discount", verdict.discount());
                changes.put("redeemedAt", context.now().toString());
                changes.put("reservedUntil", null);
                String slot = null; // a reservation's coupon has its place on the order already
                if (committing == null) {
                    slot = Stacking.slot(coupon);
                    Optional<Stacking.Refusal> full = Stacking.take(records, template, order, slot);
                    if (full.isPresent()) {
                        return OperationResult.refused(full.get().code(), full.get().message());
                    }
                    changes.put("orderSlot", slot);
                }
                Map<String, Object> guard = committing == null ? HELD : and(eq("status", RESERVED), eq("reservation", committing));
                Optional<Map<String, Object>> taken = records.updateWhere(OBJECT, (String) coupon.get("_id"), guard, changes);
                if (taken.isPresent()) {
                    Reservations.settle(context, taken.get());
                    InWeChat.follow(context, taken.get(), InWeChat.CONSUME);
                    if (verdict.discount().signum() > 0) { // once: only the call whose update took comes here
                        records.increment(Templates.OBJECT, (String) template.get("_id"), Map.of("discountCost",
                                verdict.discount()), Map.of(), null);
                    }
                    CouponEvents.track(context, "coupon.redeemed", coupon.get("_id") + ":" + order, taken.get(),
                            Map.of("orderId", order, "discount", verdict.discount()));
                    return redeemed(taken.get(), template, false);
                }
                // it changed meanwhile (another order took it): give its place back, read it again, answer as it is now
                Stacking.giveBack(records, template, order, slot);
            }
        }

        private static OperationResult redeemed(Map<String, Object> coupon, Map<String, Object> template, boolean duplicate) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("code", coupon.get("code"));
            out.put("orderId", coupon.get("orderId"));
            out.put("discount", decimal(coupon.get("discount")).doubleValue());
            out.put("kind", template.get("kind"));
            if ("exchange".equals(template.get("kind"))) {
                out.put("item", template.get("item"));
            }
            out.put("duplicate", duplicate);
            return OperationResult.ok(out);
        }
    }

    /** {@code void}: a held coupon can no longer be used; voiding a voided one again answers the same. */
    @Extension
    public static class Void implements Operation {
        @Override
        public String name() {
            return "void";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Records records = request.context().records();
            String code = (String) request.input().get("code");
            Optional<Map<String, Object>> found = byCode(records, code);
            if (found.isEmpty()) {
                return Coupons.notFound(code);
            }
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("status", VOIDED);
            changes.put("voidedAt", request.context().now().toString());
            changes.put("reason", request.input().get("reason"));
            Optional<Map<String, Object>> voided = records.updateWhere(OBJECT, (String) found.get().get("_id"), HELD, changes);
            if (voided.isPresent()) {
                InWeChat.follow(request.context(), voided.get(), InWeChat.UNAVAILABLE);
                CouponEvents.track(request.context(), "coupon.voided", voided.get().get("_id"), voided.get(),
                        request.input().get("reason") == null ? Map.of() : Map.of("reason", request.input().get("reason")));
                return OperationResult.ok(Map.of("code", code, "status", VOIDED));
            }
            Object status = byCode(records, code).map(c -> c.get("status")).orElse(null);
            return VOIDED.equals(status) ? OperationResult.ok(Map.of("code", code, "status", VOIDED))
                    : OperationResult.refused("COUPON_NOT_VOIDABLE", "a coupon that is " + status + " cannot be voided");
        }
    }

    /** {@code customerCoupons}: the customer's coupons (of a status), newest first, at most 100. */
    @Extension
    public static class OfCustomer implements Operation {
        @Override
        public String name() {
            return "customerCoupons";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            List<Object> filters = new ArrayList<>();
            filters.add(Map.of("field", "customerId", "op", "eq", "value", request.input().get("customerId")));
            if (request.input().get("status") != null) {
                filters.add(Map.of("field", "status", "op", "eq", "value", request.input().get("status")));
            }
            List<Object> coupons = new ArrayList<>();
            request.context().records().find(OBJECT, Map.of("and", filters), List.of(Records.Sort.descending("claimedAt")), 100, null)
                    .records().forEach(c -> coupons.add(view(c)));
            return OperationResult.ok(Map.of("coupons", coupons));
        }
    }
}
