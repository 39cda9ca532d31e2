package io.quanyu.plugins.coupons;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.RecordPage;
import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refunds ({@value #OBJECT}): an order's refund gives back the coupons it redeemed, once per refund id. The refund
 * is recorded under its id first; each coupon the order redeemed (or only {@code code}) goes back to its holder,
 * redeemed on this order → claimed, one guarded update that also writes the refund's id on it; the refund then
 * records what it gave back, and a replay answers that. A coupon redeemed again since, on another order, is never
 * touched by a replay: the update is guarded by the order, and a refund cut short finds the coupons it already gave
 * back by the id written on them. The template's {@code discountCost} goes down by what each coupon given back had
 * taken off, by the call whose update gave it back.
 */
public final class Refunds {
    static final String OBJECT = "couponsRefund";

    private Refunds() {
    }

    /** {@code refund}: the order's redemptions roll back; the same refund again changes nothing and answers the same. */
    @Extension
    public static class Refund implements Operation {
        @Override
        public String name() {
            return "refund";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            PluginContext context = request.context();
            Records records = context.records();
            String order = (String) in.get("orderId");
            String refund = (String) in.get("refundId");
            String code = (String) in.get("code");
            Map<String, Object> values = new HashMap<>(Map.of("orderId", order, "status", "pending"));
            if (code != null) {
                values.put("code", code);
            }
            Map<String, Object> made = records.create(OBJECT, Coupons.key("refund:" + refund), values).record();
            if (!order.equals(made.get("orderId")) || !java.util.Objects.equals(code, made.get("code"))) {
                return OperationResult.refused("IDEMPOTENCY_KEY_REUSED", "the refund " + refund + " was for another order or code");
            }
            if ("done".equals(made.get("status"))) {
                return OperationResult.ok(answer(refund, order, made.get("codes"), true));
            }
            Map<String, Object> ofOrder = Coupons.and(Coupons.eq("status", Coupons.REDEEMED), Coupons.eq("orderId", order));
            Map<String, Object> filter = Map.of("or", List.of(code == null ? ofOrder : Coupons.and(ofOrder, Coupons.eq("code", code)),
                    Coupons.eq("refundId", refund)));
            List<Object> codes = new ArrayList<>();
            Map<String, Object> back = new HashMap<>();
            back.put("status", Coupons.CLAIMED);
            back.put("refundId", refund);
            back.put("refundedAt", context.now().toString());
            for (String field : List.of("orderId", "discount", "redeemedAt", "reservation")) {
                back.put(field, null);
            }
            String cursor = null;
            do {
                RecordPage page = records.find(Coupons.OBJECT, filter, 200, cursor);
                for (Map<String, Object> coupon : page.records()) {
                    if (refund.equals(coupon.get("refundId"))) {
                        codes.add(coupon.get("code"));
                        continue;
                    }
                    records.updateWhere(Coupons.OBJECT, (String) coupon.get("_id"), ofOrder, back).ifPresent(returned -> {
                        codes.add(returned.get("code"));
                        BigDecimal discount = Coupons.decimal(coupon.get("discount"));
                        // a template deleted since is passed over, as its coupon's refund must not stop half-way
                        Templates.find(records, String.valueOf(coupon.get("template"))).ifPresent(template -> {
                            Stacking.giveBack(records, template, order, coupon.get("orderSlot"));
                            if (discount.signum() > 0) { // once: only the call whose update took comes here
                                records.increment(Templates.OBJECT, (String) template.get("_id"),
                                        Map.of("discountCost", discount.negate()), Map.of(), null);
                            }
                        });
                        CouponEvents.track(context, "coupon.refunded", returned.get("_id") + ":" + refund, returned,
                                Map.of("orderId", order, "refundId", refund, "discount", Coupons.decimal(coupon.get("discount"))));
                    });
                }
                cursor = page.nextCursor();
            } while (cursor != null);
            records.updateWhere(OBJECT, (String) made.get("_id"), Coupons.eq("status", "pending"),
                    Map.of("status", "done", "codes", codes));
            return OperationResult.ok(answer(refund, order, codes, false));
        }

        private static Map<String, Object> answer(String refund, String order, Object codes, boolean duplicate) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("refundId", refund);
            out.put("orderId", order);
            out.put("codes", codes);
            out.put("duplicate", duplicate);
            return out;
        }
    }
}
