package io.quanyu.plugins.loyalty;

import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The points mall's operations ({@link Mall}): items for the operator, redemptions for members and the operator. */
public final class MallOperations {
    static final List<String> ITEM_FIELDS = List.of("key", "program", "name", "kind", "description", "image", "pricePoints",
            "priceCash", "stock", "perMember", "coupon", "status");

    private MallOperations() {
    }

    /** An item as members and operators see it. */
    static Map<String, Object> item(Map<String, Object> item) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String field : ITEM_FIELDS) {
            if (item.get(field) != null) {
                out.put(field, item.get(field));
            }
        }
        out.put("redeemed", Ledger.number(item.get("redeemed")));
        return out;
    }

    /** {@code defineItem}: creates or changes an item of a program's mall (its stock is set only when it is created). */
    @Extension
    public static class Define implements Operation {
        @Override
        public String name() {
            return "defineItem";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            return Programs.with(request, program -> {
                List<String> problems = new ArrayList<>();
                if ("coupon".equals(in.get("kind")) && in.get("coupon") == null) {
                    problems.add("coupon: a coupon item names the coupon template it issues");
                }
                if ("goods".equals(in.get("kind")) && in.get("stock") == null) {
                    problems.add("stock: goods have stock");
                }
                if (!problems.isEmpty()) {
                    return OperationResult.refused("ITEM_INVALID", String.join("; ", problems));
                }
                Records records = request.context().records();
                String key = String.valueOf(in.get("key"));
                Map<String, Object> values = new LinkedHashMap<>();
                for (String field : ITEM_FIELDS) {
                    if (in.get(field) != null) {
                        values.put(field, in.get(field));
                    }
                }
                values.putIfAbsent("status", "on");
                values.put("redeemed", 0);
                Records.Created created = records.create(Mall.ITEM, key, values);
                Map<String, Object> stored = created.record();
                if (!program.get("key").equals(stored.get("program"))) {
                    return OperationResult.refused("ITEM_INVALID", "key: the item " + key + " belongs to the program " + stored.get("program"));
                }
                if (!created.created()) {
                    Map<String, Object> changes = new LinkedHashMap<>(values);
                    for (String kept : List.of("key", "stock", "redeemed", "program")) {
                        changes.remove(kept);
                    }
                    if (in.get("status") == null) {
                        changes.remove("status"); // an edit keeps an item off sale that was taken off
                    }
                    stored = records.updateWhere(Mall.ITEM, Ledger.id(stored), Ledger.eq("key", key), changes).orElseThrow();
                }
                return OperationResult.ok(item(stored));
            });
        }
    }

    /** {@code restock}: adds to (or, negative, takes from) an item's stock, once per key. */
    @Extension
    public static class Restock implements Operation {
        @Override
        public String name() {
            return "restock";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            Records records = request.context().records();
            var found = records.find(Mall.ITEM, Ledger.eq("key", in.get("item")), 1, null).records().stream().findFirst();
            if (found.isEmpty() || found.get().get("stock") == null) {
                return OperationResult.refused("ITEM_NOT_FOUND", "the mall has no item with stock " + in.get("item"));
            }
            long by = Ledger.number(in.get("by"));
            return records.increment(Mall.ITEM, Ledger.id(found.get()), Map.of("stock", by),
                            Map.of("field", "stock", "op", "gte", "value", Math.max(0, -by)), "restock:" + in.get("key"))
                    .map(i -> OperationResult.ok(item(i)))
                    .orElseGet(() -> OperationResult.refused("OUT_OF_STOCK", "the stock is smaller than " + -by));
        }
    }

    /** {@code mallItems}: the items of a program on sale (for a member) or all of them. */
    @Extension
    public static class Items implements Operation {
        @Override
        public String name() {
            return "mallItems";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            return Programs.with(request, program -> {
                Map<String, Object> filter = Boolean.TRUE.equals(in.get("all")) ? Ledger.eq("program", program.get("key"))
                        : Ledger.all(Ledger.eq("program", program.get("key")), Ledger.eq("status", "on"));
                List<Object> items = new ArrayList<>();
                request.context().records().find(Mall.ITEM, filter, List.of(Records.Sort.ascending("pricePoints")), 200, null)
                        .records().forEach(i -> items.add(item(i)));
                return OperationResult.ok(Map.of("items", items));
            });
        }
    }

    /** {@code redeem}: a member redeems an item, once per key. */
    @Extension
    public static class Redeem implements Operation {
        @Override
        public String name() {
            return "redeem";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            String customer = String.valueOf(in.get("customerId"));
            if (request.context().customers().profile(customer).isEmpty()) {
                return OperationResult.refused("CUSTOMER_NOT_FOUND", "there is no customer " + customer);
            }
            return Mall.redeem(request.context(), customer, String.valueOf(in.get("item")),
                    in.get("quantity") == null ? 1 : Ledger.number(in.get("quantity")), String.valueOf(in.get("key")));
        }
    }

    /** {@code confirmRedemption}: the cash of a reserved redemption was paid. */
    @Extension
    public static class Confirm implements Operation {
        @Override
        public String name() {
            return "confirmRedemption";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            return Mall.confirm(request.context(), String.valueOf(request.input().get("redemption")));
        }
    }

    /** {@code shipRedemption}: the goods of a confirmed redemption left the warehouse. */
    @Extension
    public static class Ship implements Operation {
        @Override
        public String name() {
            return "shipRedemption";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            Records records = request.context().records();
            String id = String.valueOf(in.get("redemption"));
            var redemption = records.get(Mall.REDEMPTION, id);
            if (redemption.isEmpty()) {
                return OperationResult.refused("REDEMPTION_NOT_FOUND", "there is no redemption " + id);
            }
            if ("shipped".equals(redemption.get().get("status"))) {
                return OperationResult.ok(Mall.view(redemption.get()));
            }
            return records.updateWhere(Mall.REDEMPTION, id, Ledger.eq("status", "confirmed"),
                            Map.of("status", "shipped", "tracking", String.valueOf(in.getOrDefault("tracking", ""))))
                    .map(r -> OperationResult.ok(Mall.view(r)))
                    .orElseGet(() -> OperationResult.refused("REDEMPTION_STATE", "a " + redemption.get().get("status")
                            + " redemption cannot be shipped"));
        }
    }

    /** {@code cancelRedemption}: a redemption not yet shipped is cancelled and everything it took given back. */
    @Extension
    public static class Cancel implements Operation {
        @Override
        public String name() {
            return "cancelRedemption";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            return Mall.cancel(request.context(), String.valueOf(in.get("redemption")), String.valueOf(in.getOrDefault("reason", "cancelled")));
        }
    }
}
