package io.quanyu.plugins.coupons;

import io.quanyu.plugin.sdk.Records;
import org.jspecify.annotations.Nullable;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which coupons one order may carry together. A template's {@code stacking} is {@value #STACKABLE} (the default: with
 * any other stackable coupons, at most {@code stackLimit} on the order counting itself when the template sets one) or
 * {@value #EXCLUSIVE} (alone on its order).
 * <p>
 * Each order that reserves or redeems a coupon has a record ({@value #OBJECT}, created once under the order's id)
 * counting its coupons and, among them, the exclusive ones. A coupon takes its place on the order with one guarded
 * increment of those counts before it is reserved or redeemed, so two coupons that may not share an order cannot both
 * land on it however the calls interleave; its place is given back when the coupon leaves the order (a reservation
 * released, a refund, or the coupon's own step refused after all). A place is taken once per key, the coupon's id and
 * version: a call repeated after a crash takes nothing twice. A crash between taking a place and giving it back can
 * leave a place taken for nothing: an order may then be refused a coupon it could have carried, never given one too
 * many.
 */
final class Stacking {
    static final String OBJECT = "couponsOrder";
    static final String EXCLUSIVE = "exclusive";
    static final String STACKABLE = "stackable";

    private Stacking() {
    }

    /** Why an order will not carry a coupon. */
    record Refusal(String code, String message) {
    }

    /** The key a coupon's place on an order is taken under: the coupon as read ({@code _id} and {@code _version}). */
    static String slot(Map<String, Object> coupon) {
        return coupon.get("_id") + ":" + coupon.get("_version");
    }

    /** Takes a place on the order for a coupon of the template, once per {@code slot}; the refusal when there is none. */
    static Optional<Refusal> take(Records records, Map<String, Object> template, String orderId, String slot) {
        String order = order(records, orderId);
        if (records.increment(OBJECT, order, deltas(template, 1), guard(template), Coupons.key("take:" + slot)).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(refusal(records.get(OBJECT, order).orElseThrow(), template));
    }

    /** Gives back the place taken under {@code slot} (nothing for a coupon that took none), once. */
    static void giveBack(Records records, Map<String, Object> template, String orderId, @Nullable Object slot) {
        if (slot != null) {
            records.increment(OBJECT, order(records, orderId), deltas(template, -1), Map.of(), Coupons.key("free:" + slot));
        }
    }

    /**
     * Whether the order would take a coupon of the template now (for {@code validate}; nothing changes): the guard
     * {@link #take} is refused by, asked of the order's record as it is.
     */
    static Optional<Refusal> check(Records records, Map<String, Object> template, String orderId) {
        Map<String, Object> ofOrder = Coupons.eq("orderId", orderId);
        return records.find(OBJECT, ofOrder, 1, null).records().stream().findFirst()
                .filter(order -> records.count(OBJECT, Coupons.and(ofOrder, guard(template)), 1) == 0)
                .map(order -> refusal(order, template));
    }

    private static Refusal refusal(Map<String, Object> order, Map<String, Object> template) {
        long coupons = count(order, "coupons");
        if (count(order, "exclusive") > 0) {
            return new Refusal("ORDER_HAS_EXCLUSIVE_COUPON", "the order " + order.get("orderId")
                    + " carries a coupon that cannot be combined with others");
        }
        if (EXCLUSIVE.equals(template.get("stacking"))) {
            return new Refusal("COUPON_NOT_STACKABLE", "the coupon cannot be combined with the " + coupons
                    + " coupon(s) the order " + order.get("orderId") + " carries");
        }
        return new Refusal("ORDER_COUPON_LIMIT_REACHED", "the order " + order.get("orderId") + " carries " + coupons
                + " coupons, the most a coupon of " + template.get("key") + " joins");
    }

    private static long count(Map<String, Object> order, String field) {
        return order.get(field) instanceof Number n ? n.longValue() : 0;
    }

    private static String order(Records records, String orderId) {
        return (String) records.create(OBJECT, "order:" + orderId, Map.of("orderId", orderId, "coupons", 0, EXCLUSIVE, 0))
                .record().get("_id");
    }

    private static Map<String, Object> guard(Map<String, Object> template) {
        if (EXCLUSIVE.equals(template.get("stacking"))) {
            return lt("coupons", 1);
        }
        return template.get("stackLimit") instanceof Number limit
                ? Coupons.and(lt(EXCLUSIVE, 1), lt("coupons", limit.longValue())) : lt(EXCLUSIVE, 1);
    }

    private static Map<String, Number> deltas(Map<String, Object> template, int sign) {
        Map<String, Number> deltas = new HashMap<>(Map.of("coupons", sign));
        if (EXCLUSIVE.equals(template.get("stacking"))) {
            deltas.put(EXCLUSIVE, sign);
        }
        return deltas;
    }

    private static Map<String, Object> lt(String field, long value) {
        return Map.of("field", field, "op", "lt", "value", value);
    }
}
