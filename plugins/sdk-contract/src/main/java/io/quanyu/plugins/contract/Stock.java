package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import io.quanyu.plugin.sdk.widget.DashboardWidget;
import io.quanyu.plugin.sdk.widget.WidgetData;
import io.quanyu.plugin.sdk.widget.WidgetRequest;
import org.pf4j.Extension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A stock of claimable items kept with the records' single-step writes: {@code stockUp} creates a SKU's stock once
 * per SKU (a create under a key), {@code claim} takes one item only while some remain and the stock is active, once
 * per claim id (a guarded increment), {@code retire} moves an active stock to retired once (a guarded update), and
 * {@code stockReport} counts and sorts (count, sort); the widget {@code stockLeft} shows what is left. The manifest's
 * page {@code stock} lists the stock in the builder with these operations as its actions.
 */
public final class Stock {
    static final String OBJECT = "sdkcontractStock";
    static final Map<String, Object> CLAIMABLE = Map.of("and", List.of(
            Map.of("field", "remaining", "op", "gte", "value", 1),
            Map.of("field", "status", "op", "eq", "value", "active")));
    private static final Map<String, Object> ACTIVE = Map.of("field", "status", "op", "eq", "value", "active");

    private Stock() {
    }

    /** Runs {@code body} on the stock of the request's {@code sku}, or refuses with {@code STOCK_NOT_FOUND}. */
    private static OperationResult onStock(OperationRequest request,
                                           BiFunction<PluginContext, Map<String, Object>, OperationResult> body) {
        Object sku = request.input().get("sku");
        Optional<Map<String, Object>> stock = request.context().records()
                .find(OBJECT, Map.of("field", "sku", "op", "eq", "value", sku), 1, null).records().stream().findFirst();
        return stock.map(s -> body.apply(request.context(), s))
                .orElseGet(() -> OperationResult.refused("STOCK_NOT_FOUND", "there is no stock of " + sku));
    }

    /** {@code stockUp}: the SKU's stock, created with {@code quantity} the first time only. */
    @Extension
    public static class StockUp implements Operation {
        @Override
        public String name() {
            return "stockUp";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Object sku = request.input().get("sku");
            Records.Created stock = request.context().records().create(OBJECT, "sku:" + sku,
                    Map.of("sku", sku, "remaining", request.input().get("quantity")));
            return OperationResult.ok(Map.of("id", stock.record().get("_id"), "created", stock.created(),
                    "remaining", stock.record().get("remaining")));
        }
    }

    /** {@code claim}: one item of the SKU for {@code claimId}, if one remains; a repeated claim id takes nothing more. */
    @Extension
    public static class Claim implements Operation {
        @Override
        public String name() {
            return "claim";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            return onStock(request, (context, stock) -> {
                Optional<Map<String, Object>> after = context.records().increment(OBJECT, (String) stock.get("_id"),
                        Map.of("remaining", -1, "claimed", 1), CLAIMABLE, (String) request.input().get("claimId"));
                Map<String, Object> out = new HashMap<>();
                out.put("claimed", after.isPresent());
                out.put("remaining", after.orElse(stock).get("remaining"));
                return OperationResult.ok(out);
            });
        }
    }

    /** {@code retire}: an active stock becomes retired, once; claims stop. */
    @Extension
    public static class Retire implements Operation {
        @Override
        public String name() {
            return "retire";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            return onStock(request, (context, stock) -> OperationResult.ok(Map.of("retired", context.records()
                    .updateWhere(OBJECT, (String) stock.get("_id"), ACTIVE, Map.of("status", "retired")).isPresent())));
        }
    }

    /** {@code stockReport}: how many SKUs have at least {@code minRemaining} left, and the SKUs, most remaining first. */
    @Extension
    public static class Report implements Operation {
        @Override
        public String name() {
            return "stockReport";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Records records = request.context().records();
            Map<String, Object> filter = Map.of("field", "remaining", "op", "gte", "value", request.input().get("minRemaining"));
            long count = records.count(OBJECT, filter, 1000);
            List<String> skus = new ArrayList<>();
            records.find(OBJECT, filter, List.of(Records.Sort.descending("remaining"), Records.Sort.ascending("sku")), 50, null)
                    .records().forEach(r -> skus.add(String.valueOf(r.get("sku"))));
            return OperationResult.ok(Map.of("count", count, "skus", skus));
        }
    }

    /** {@code stockUpAll}: many SKUs' stock in one call, each once per SKU (a batch of creates under keys). */
    @Extension
    public static class StockUpAll implements Operation {
        @Override
        public String name() {
            return "stockUpAll";
        }

        @Override
        @SuppressWarnings("unchecked")
        public OperationResult handle(OperationRequest request) {
            List<Records.Keyed> batch = new ArrayList<>();
            for (Map<String, Object> item : (List<Map<String, Object>>) request.input().get("items")) {
                batch.add(new Records.Keyed("sku:" + item.get("sku"),
                        Map.of("sku", item.get("sku"), "remaining", item.get("quantity"))));
            }
            List<Records.Created> made = request.context().records().createAll(OBJECT, batch);
            long created = made.stream().filter(Records.Created::created).count();
            return OperationResult.ok(Map.of("created", created, "existing", made.size() - created));
        }
    }

    /** The widget {@code stockLeft}: the active SKUs and what is left of each, most remaining first (at most 20). */
    @Extension
    public static class Left implements DashboardWidget {
        @Override
        public String name() {
            return "stockLeft";
        }

        @Override
        public WidgetData data(WidgetRequest request) {
            List<Map<String, Object>> rows = new ArrayList<>();
            request.context().records().find(OBJECT, ACTIVE, List.of(Records.Sort.descending("remaining"),
                    Records.Sort.ascending("sku")), 20, null).records().forEach(r -> {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("sku", r.get("sku"));
                        row.put("remaining", r.get("remaining"));
                        rows.add(row);
                    });
            return new WidgetData(rows);
        }
    }
}
