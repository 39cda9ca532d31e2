package io.quanyu.plugins.loyalty;

import io.quanyu.plugin.sdk.PluginCallException;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import io.quanyu.plugin.sdk.task.TaskHandler;
import io.quanyu.plugin.sdk.task.TaskRequest;
import io.quanyu.plugin.sdk.task.TaskResult;
import org.pf4j.Extension;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The points mall: items ({@code loyaltyItem}: goods with stock, a coupon of the coupons plugin, or a custom reward;
 * a price in points, or points and cash; a limit per member) and redemptions ({@code loyaltyRedemption}).
 * <p>
 * A redemption reserves, in this order and each in one guarded step, the member's allowance of the item, one unit of
 * stock per item, and the points (a ledger spend); what one step refuses gives back what the steps before it took, so
 * stock is never oversold and points never held for nothing. An item without cash is confirmed at once; with cash it
 * waits for {@code confirmRedemption} (the payment) and is cancelled by its task after {@link #HOLD}. Confirming a coupon
 * item issues the coupon through the coupons plugin; goods are then shipped. A cancellation reverses the spend, gives
 * the stock and the allowance back, and voids the coupon (refused, {@code COUPON_NOT_VOIDED}, once the coupon was used). Every step is keyed, so
 * a repeated call changes nothing.
 */
public final class Mall {
    static final String ITEM = "loyaltyItem";
    static final String REDEMPTION = "loyaltyRedemption";
    static final String EXPIRE_TASK = "cancelUnpaidRedemption";
    /** How long a redemption with cash waits for its payment. */
    static final Duration HOLD = Duration.ofMinutes(30);

    private Mall() {
    }

    private static Optional<Map<String, Object>> item(Records records, String key) {
        return records.find(ITEM, Ledger.eq("key", key), 1, null).records().stream().findFirst();
    }

    private static OperationResult refused(Records records, Map<String, Object> redemption, String code, String message) {
        records.updateWhere(REDEMPTION, Ledger.id(redemption), Ledger.eq("status", "reserving"), Map.of("status", "refused", "reason", code));
        return OperationResult.refused(code, message);
    }

    static Map<String, Object> view(Map<String, Object> redemption) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", redemption.get("_id"));
        for (String field : List.of("item", "program", "customerId", "quantity", "points", "cash", "status", "reason", "coupon",
                "tracking", "at")) {
            if (redemption.get(field) != null) {
                out.put(field, redemption.get(field));
            }
        }
        return out;
    }

    /** Redeems {@code quantity} of an item for the member, once per key. */
    static OperationResult redeem(PluginContext context, String customer, String itemKey, long quantity, String key) {
        Records records = context.records();
        Optional<Map<String, Object>> found = item(records, itemKey);
        if (found.isEmpty() || !"on".equals(found.get().get("status"))) {
            return OperationResult.refused("ITEM_NOT_FOUND", "the mall has no item " + itemKey + " on sale");
        }
        Map<String, Object> item = found.get();
        String program = String.valueOf(item.get("program"));
        long points = Ledger.number(item.get("pricePoints")) * quantity;
        Object cash = item.get("priceCash") == null ? 0 : new java.math.BigDecimal(String.valueOf(item.get("priceCash")))
                .multiply(java.math.BigDecimal.valueOf(quantity));
        Records.Created created = records.create(REDEMPTION, "redeem:" + program + ":" + key, new LinkedHashMap<>(Map.of("key",
                "redeem:" + program + ":" + key, "program", program, "item", itemKey, "customerId", customer, "quantity", quantity,
                "points", points, "cash", cash, "status", "reserving", "at", context.now().toString())));
        Map<String, Object> redemption = created.record();
        if (!created.created()) {
            if (!itemKey.equals(redemption.get("item")) || !customer.equals(redemption.get("customerId"))
                    || quantity != Ledger.number(redemption.get("quantity"))) {
                return OperationResult.refused("IDEMPOTENCY_KEY_REUSED", "the key " + key + " was used for another redemption");
            }
            if ("refused".equals(redemption.get("status"))) {
                return OperationResult.refused(String.valueOf(redemption.get("reason")), "refused when first asked");
            }
            if (!"reserving".equals(redemption.get("status"))) {
                return OperationResult.ok(view(redemption));
            }
        }
        String id = Ledger.id(redemption);
        if (item.get("perMember") != null) {
            long limit = Ledger.number(item.get("perMember"));
            Map<String, Object> counter = records.create(EarningRules.CAP, "item|" + itemKey + "|" + customer,
                    Map.of("counter", "item|" + itemKey + "|" + customer, "cap", limit, "used", 0)).record();
            if (records.increment(EarningRules.CAP, Ledger.id(counter), Map.of("used", quantity),
                    Map.of("field", "used", "op", "lte", "value", limit - quantity), "redeem:" + id).isEmpty()) {
                return refused(records, redemption, "LIMIT_REACHED", "a member redeems at most " + limit + " of " + itemKey);
            }
        }
        boolean stocked = item.get("stock") != null;
        if (stocked && records.increment(ITEM, Ledger.id(item), Map.of("stock", -quantity, "redeemed", quantity),
                Map.of("field", "stock", "op", "gte", "value", quantity), "redeem:" + id).isEmpty()) {
            giveBack(records, item, customer, quantity, id, false);
            return refused(records, redemption, "OUT_OF_STOCK", "the item " + itemKey + " is sold out");
        }
        if (!stocked) {
            records.increment(ITEM, Ledger.id(item), Map.of("redeemed", quantity), Map.of(), "redeem:" + id);
        }
        Ledger.Outcome spent = Ledger.spend(context, program, customer, points, "mall:" + id, "mall " + itemKey);
        if (spent.entry() == null) {
            giveBack(records, item, customer, quantity, id, stocked);
            return refused(records, redemption, spent.code(), spent.message());
        }
        boolean paid = cash instanceof java.math.BigDecimal c ? c.signum() == 0 : true;
        records.updateWhere(REDEMPTION, id, Ledger.eq("status", "reserving"), Map.of("status", "reserved"));
        if (!paid) {
            context.tasks().schedule(EXPIRE_TASK, "redemption:" + id, context.now().plus(HOLD), Map.of("redemption", id));
            return OperationResult.ok(view(records.get(REDEMPTION, id).orElseThrow()));
        }
        OperationResult confirmed = confirm(context, id);
        if (confirmed.failure() != null) { // the coupon could not be issued: nothing stays taken
            cancel(context, id, confirmed.failure().code());
        }
        return confirmed;
    }

    /** Whether the member redeemed as many of the item as one member may (redemptions not cancelled). */
    static boolean atLimit(Records records, Map<String, Object> item, String customer) {
        return item.get("perMember") != null && records.find(EarningRules.CAP, Ledger.eq("counter", "item|" + item.get("key") + "|" + customer),
                1, null).records().stream().anyMatch(c -> Ledger.number(c.get("used")) >= Ledger.number(item.get("perMember")));
    }

    /** Gives back the allowance and (when it was taken) the stock of a redemption that did not go through. */
    private static void giveBack(Records records, Map<String, Object> item, String customer, long quantity, String id, boolean stock) {
        String once = "undo:" + id;
        if (stock) {
            records.increment(ITEM, Ledger.id(item), Map.of("stock", quantity, "redeemed", -quantity), Map.of(), once);
        } else if (item.get("stock") == null) {
            records.increment(ITEM, Ledger.id(item), Map.of("redeemed", -quantity), Map.of(), once);
        }
        if (item.get("perMember") != null) {
            records.find(EarningRules.CAP, Ledger.eq("counter", "item|" + item.get("key") + "|" + customer), 1, null).records()
                    .forEach(c -> records.increment(EarningRules.CAP, Ledger.id(c), Map.of("used", -quantity), Map.of(), once));
        }
    }

    /** Confirms a reserved redemption (its cash was paid): a coupon item's coupon is issued. */
    static OperationResult confirm(PluginContext context, String id) {
        Records records = context.records();
        Optional<Map<String, Object>> found = records.get(REDEMPTION, id);
        if (found.isEmpty()) {
            return OperationResult.refused("REDEMPTION_NOT_FOUND", "there is no redemption " + id);
        }
        Map<String, Object> redemption = found.get();
        if (!"reserved".equals(redemption.get("status"))) {
            return "confirmed".equals(redemption.get("status")) || "shipped".equals(redemption.get("status"))
                    ? OperationResult.ok(view(redemption))
                    : OperationResult.refused("REDEMPTION_STATE", "the redemption is " + redemption.get("status"));
        }
        Map<String, Object> item = item(records, String.valueOf(redemption.get("item"))).orElseThrow();
        Map<String, Object> changes = new LinkedHashMap<>(Map.of("status", "confirmed"));
        if ("coupon".equals(item.get("kind"))) {
            try {
                Map<String, Object> coupon = context.plugins().call("coupons", "issue", Map.of("template", item.get("coupon"),
                        "customerId", redemption.get("customerId"), "key", "mall:" + id));
                changes.put("coupon", coupon.get("code"));
                changes.put("couponId", coupon.get("id"));
            } catch (PluginException e) { // before the call (coupons not enabled) or the coupons plugin's refusal
                return OperationResult.refused("COUPON_NOT_ISSUED", "the coupon was not issued: " + code(e) + " " + e.getMessage());
            }
        }
        context.tasks().cancel(EXPIRE_TASK, "redemption:" + id);
        Map<String, Object> done = records.updateWhere(REDEMPTION, id, Ledger.eq("status", "reserved"), changes)
                .orElseGet(() -> records.get(REDEMPTION, id).orElseThrow());
        PointsEvents.redeemed(context, done);
        return OperationResult.ok(view(done));
    }

    /** Cancels a redemption not yet shipped: the spend is reversed, stock and allowance given back, the coupon voided. */
    static OperationResult cancel(PluginContext context, String id, String reason) {
        Records records = context.records();
        Optional<Map<String, Object>> found = records.get(REDEMPTION, id);
        if (found.isEmpty()) {
            return OperationResult.refused("REDEMPTION_NOT_FOUND", "there is no redemption " + id);
        }
        Map<String, Object> redemption = found.get();
        Object status = redemption.get("status");
        if ("cancelled".equals(status)) {
            return OperationResult.ok(view(redemption));
        }
        if (!"reserved".equals(status) && !"confirmed".equals(status)) {
            return OperationResult.refused("REDEMPTION_STATE", "a " + status + " redemption cannot be cancelled");
        }
        if (redemption.get("couponId") != null) {
            try {
                context.plugins().call("coupons", "void", Map.of("code", redemption.get("coupon"), "reason", "mall redemption cancelled"));
            } catch (PluginException e) {
                return OperationResult.refused("COUPON_NOT_VOIDED", "the coupon cannot be voided (used already?): " + code(e) + " "
                        + e.getMessage());
            }
        }
        Map<String, Object> cancelled = records.updateWhere(REDEMPTION, id, Ledger.eq("status", status),
                Map.of("status", "cancelled", "reason", reason)).orElse(null);
        if (cancelled == null) {
            return OperationResult.refused("REDEMPTION_STATE", "the redemption changed meanwhile");
        }
        String program = String.valueOf(redemption.get("program"));
        Programs.find(records, program).ifPresent(p -> Ledger.reverse(context, p, Ledger.SPEND, "mall:" + id, "mall-cancel:" + id));
        item(records, String.valueOf(redemption.get("item"))).ifPresent(item ->
                giveBack(records, item, String.valueOf(redemption.get("customerId")), Ledger.number(redemption.get("quantity")), id,
                        item.get("stock") != null));
        context.tasks().cancel(EXPIRE_TASK, "redemption:" + id);
        return OperationResult.ok(view(cancelled));
    }

    private static String code(PluginException e) {
        return e instanceof PluginCallException call && call.pluginCode() != null ? call.pluginCode() : e.code();
    }

    /** The task that cancels a redemption whose cash was not paid in time. */
    @Extension
    public static class CancelUnpaid implements TaskHandler {
        @Override
        public String name() {
            return EXPIRE_TASK;
        }

        @Override
        public TaskResult run(TaskRequest request) {
            String id = String.valueOf(request.payload().get("redemption"));
            if (request.context().records().get(REDEMPTION, id).filter(r -> "reserved".equals(r.get("status"))).isPresent()) {
                cancel(request.context(), id, "unpaid");
            }
            return TaskResult.done();
        }
    }
}
