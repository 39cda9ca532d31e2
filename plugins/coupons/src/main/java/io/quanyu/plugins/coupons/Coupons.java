package io.quanyu.plugins.coupons;

import io.quanyu.plugin.sdk.PluginContext;
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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Coupons ({@value #OBJECT}) once held: what an order would get from one ({@code validate}, which changes nothing),
 * its redemption against an order (once: the first order's redemption answers every repeat of that order, another
 * order is refused), voiding, and a customer's coupons. A coupon goes claimed → redeemed or claimed → voided, each
 * step one guarded update of its record, so two concurrent redemptions of one code cannot both succeed.
 */
public final class Coupons {
    static final String OBJECT = "couponsCoupon";
    static final String CLAIMED = "claimed";
    static final String REDEEMED = "redeemed";
    static final String VOIDED = "voided";
    private static final Map<String, Object> HELD = Map.of("field", "status", "op", "eq", "value", CLAIMED);

    private Coupons() {
    }

    /** A coupon as the operations answer it. */
    static Map<String, Object> view(Map<String, Object> coupon) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", coupon.get("_id"));
        for (String field : List.of("code", "template", "customerId", "status", "source", "claimedAt", "validFrom", "expiresAt",
                "orderId", "discount", "redeemedAt", "voidedAt", "reason")) {
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
        return records.find(OBJECT, Map.of("field", "code", "op", "eq", "value", code), 1, null).records().stream().findFirst();
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
     * Whether an order of {@code amount} (and {@code shipping}) by {@code customerId} would accept the coupon, and
     * its discount: a percentage of the amount (capped by {@code maxDiscount}), a cash amount (at most the order's), the
     * shipping, or an item. The customer must hold it, the order reach the threshold, the time be within its validity.
     */
    static Verdict verdict(Map<String, Object> coupon, Map<String, Object> template, @Nullable String customerId,
                           @Nullable BigDecimal amount, @Nullable BigDecimal shipping, Instant now) {
        String kind = String.valueOf(template.get("kind"));
        String item = "exchange".equals(kind) ? String.valueOf(template.get("item")) : null;
        String reason = null;
        String message = null;
        String status = String.valueOf(coupon.get("status"));
        BigDecimal threshold = decimal(template.get("threshold"));
        if (!CLAIMED.equals(status)) {
            reason = REDEEMED.equals(status) ? "COUPON_REDEEMED" : "COUPON_VOIDED";
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

    private static @Nullable BigDecimal decimalOrNull(@Nullable Object value) {
        return value == null ? null : new BigDecimal(String.valueOf(value));
    }

    private static Map<String, Object> template(Records records, Map<String, Object> coupon) {
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
            return OperationResult.ok(verdict(coupon.get(), template(records, coupon.get()), (String) in.get("customerId"),
                    decimalOrNull(in.get("orderAmount")), decimalOrNull(in.get("shipping")), Instant.now()).output());
        }
    }

    /**
     * {@code redeem}: the coupon is used on the order, if the order would accept it; the same order again answers the
     * first redemption ({@code duplicate}); another order, or a coupon no longer held, is refused with the reason.
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
            Optional<Map<String, Object>> found = byCode(records, code);
            if (found.isEmpty()) {
                return OperationResult.refused("COUPON_NOT_FOUND", "there is no coupon " + code);
            }
            Map<String, Object> template = template(records, found.get());
            for (Map<String, Object> coupon = found.get(); ; coupon = byCode(records, code).orElseThrow()) {
                if (REDEEMED.equals(coupon.get("status")) && order.equals(coupon.get("orderId"))) {
                    return redeemed(coupon, template, true);
                }
                Verdict verdict = verdict(coupon, template, (String) in.get("customerId"), decimalOrNull(in.get("orderAmount")),
                        decimalOrNull(in.get("shipping")), Instant.now());
                if (verdict.reason() != null) {
                    return OperationResult.refused(verdict.reason(), verdict.message());
                }
                Map<String, Object> changes = new LinkedHashMap<>();
                changes.put("status", REDEEMED);
                changes.put("orderId", order);
                changes.put("discount", verdict.discount());
                changes.put("redeemedAt", Instant.now().toString());
                Optional<Map<String, Object>> taken = records.updateWhere(OBJECT, (String) coupon.get("_id"), HELD, changes);
                if (taken.isPresent()) {
                    records.increment(Templates.OBJECT, (String) template.get("_id"), Map.of("redeemed", 1), Map.of(),
                            "redeem:" + coupon.get("_id"));
                    CouponEvents.track(context, "coupon.redeemed", taken.get(), Map.of("orderId", order,
                            "discount", verdict.discount()));
                    return redeemed(taken.get(), template, false);
                } // else it changed meanwhile (another order took it): read it again and answer as it is now
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
                return OperationResult.refused("COUPON_NOT_FOUND", "there is no coupon " + code);
            }
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("status", VOIDED);
            changes.put("voidedAt", Instant.now().toString());
            changes.put("reason", request.input().get("reason"));
            Optional<Map<String, Object>> voided = records.updateWhere(OBJECT, (String) found.get().get("_id"), HELD, changes);
            if (voided.isPresent()) {
                CouponEvents.track(request.context(), "coupon.voided", voided.get(),
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
