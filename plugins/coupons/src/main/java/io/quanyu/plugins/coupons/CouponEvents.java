package io.quanyu.plugins.coupons;

import io.quanyu.plugin.sdk.Customers;
import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.PluginContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The coupon events on the holder's timeline ({@code coupon.claimed}, {@code coupon.redeemed}, {@code coupon.expired},
 * ...), each once: the event's id is its type and what makes it one of a kind ({@code once}: the coupon's id, or the
 * coupon and the order it was redeemed on, the reservation released, the refund), so a repeated call tracks nothing
 * new. The event names the customer by the first of their identities; a customer with none gets no event (and the
 * log says so).
 */
final class CouponEvents {
    private CouponEvents() {
    }

    static void track(PluginContext context, String type, Object once, Map<String, Object> coupon, Map<String, Object> more) {
        track(context, context.customers().profile(String.valueOf(coupon.get("customerId"))), type, once, coupon, more);
    }

    /** As above, for a caller that has read the holder's profile already. */
    static void track(PluginContext context, Optional<Customers.Profile> profile, String type, Object once,
                      Map<String, Object> coupon, Map<String, Object> more) {
        String customer = String.valueOf(coupon.get("customerId"));
        if (profile.isEmpty() || profile.get().identities().isEmpty()) {
            context.log().info("no {} event for coupon {}: customer {} has no identity", type, coupon.get("_id"), customer);
            return;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("couponId", coupon.get("_id"));
        properties.put("template", coupon.get("template"));
        more.forEach((k, v) -> properties.put(k, v instanceof java.math.BigDecimal d ? d.doubleValue() : v));
        context.events().track(new Event(Coupons.key(type + ":" + once), type, context.now(),
                List.of(profile.get().identities().getFirst()), "coupons", properties));
    }
}
