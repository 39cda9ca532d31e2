package io.quanyu.plugins.loyalty;

import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import io.quanyu.plugin.sdk.widget.DashboardWidget;
import io.quanyu.plugin.sdk.widget.WidgetData;
import io.quanyu.plugin.sdk.widget.WidgetRequest;
import org.pf4j.Extension;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The programs' overview ({@value #NAME}): per program, its members, the points outstanding (what is left of the lots
 * not yet expired, pending ones included, less what members owe), the liability they are (outstanding points times a
 * point's value), the points that expire in the next 30 days, and the redemptions confirmed.
 */
public final class Overview {
    static final String NAME = "programOverview";

    private Overview() {
    }

    static Map<String, Object> figures(Records records, Map<String, Object> program, Instant now) {
        String key = String.valueOf(program.get("key"));
        long[] outstanding = {0};
        long[] expiring = {0};
        Instant soon = now.plus(Duration.ofDays(30));
        Ledger.eachPage(records, Ledger.LOT, Ledger.all(Ledger.eq("program", key), Ledger.eq("status", Ledger.OPEN),
                Map.of("field", "remaining", "op", "gt", "value", 0)), page -> {
            for (Map<String, Object> lot : page) {
                Object expires = lot.get("expiresAt");
                if (expires != null && !now.isBefore(Instant.parse(String.valueOf(expires)))) {
                    continue;
                }
                long remaining = Ledger.number(lot.get("remaining"));
                outstanding[0] += remaining;
                if (expires != null && Instant.parse(String.valueOf(expires)).isBefore(soon)) {
                    expiring[0] += remaining;
                }
            }
            return true;
        });
        long owed = Ledger.everything(records, Ledger.ACCOUNT, Ledger.all(Ledger.eq("program", key),
                Map.of("field", "debt", "op", "gt", "value", 0))).stream().mapToLong(a -> Ledger.number(a.get("debt"))).sum();
        BigDecimal unit = program.get("unitValue") == null ? BigDecimal.ZERO : new BigDecimal(String.valueOf(program.get("unitValue")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("program", key);
        out.put("name", program.get("name"));
        out.put("members", records.count(Ledger.ACCOUNT, Ledger.eq("program", key), Records.MAX_COUNT));
        out.put("outstanding", outstanding[0] - owed);
        out.put("liability", unit.multiply(BigDecimal.valueOf(outstanding[0] - owed)).setScale(2, RoundingMode.HALF_UP).toPlainString());
        out.put("expiringIn30Days", expiring[0]);
        out.put("redemptions", records.count(Mall.REDEMPTION, Ledger.all(Ledger.eq("program", key),
                Map.of("field", "status", "op", "in", "value", List.of("confirmed", "shipped"))), Records.MAX_COUNT));
        return out;
    }

    @Extension
    public static class Widget implements DashboardWidget {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public WidgetData data(WidgetRequest request) {
            Records records = request.context().records();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Map<String, Object> program : records.find(Programs.OBJECT, Map.of(), 20, null).records()) {
                rows.add(figures(records, program, request.context().now()));
            }
            return new WidgetData(rows);
        }
    }

    /** {@code programOverview}: the same figures for one program. */
    @Extension
    public static class Figures implements Operation {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            return Programs.with(request, program -> OperationResult.ok(figures(request.context().records(), program,
                    request.context().now())));
        }
    }
}
