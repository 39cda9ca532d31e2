package io.quanyu.plugins.coupons;

import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.widget.DashboardWidget;
import io.quanyu.plugin.sdk.widget.WidgetData;
import io.quanyu.plugin.sdk.widget.WidgetRequest;
import org.pf4j.Extension;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The campaign overview ({@value #NAME}): for each template not a draft, newest first (at most 50), the stock left,
 * the coupons claimed, the coupons redeemed (counted from the coupons), the redemption rate and the discount given.
 */
@Extension
public class Overview implements DashboardWidget {
    static final String NAME = "campaignOverview";
    private static final int TEMPLATES = 50;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public WidgetData data(WidgetRequest request) {
        Records records = request.context().records();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> template : records.find(Templates.OBJECT, Map.of("field", "status", "op", "ne", "value",
                Templates.DRAFT), List.of(Records.Sort.descending("_createdAt")), TEMPLATES, null).records()) {
            String key = String.valueOf(template.get("key"));
            long claimed = template.get("claimed") instanceof Number n ? n.longValue() : 0;
            long redeemed = records.count(Coupons.OBJECT, Coupons.and(Coupons.eq("template", key),
                    Coupons.eq("status", Coupons.REDEEMED)), Records.MAX_COUNT);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("key", key);
            row.put("name", template.get("name"));
            row.put("remaining", template.get("remaining"));
            row.put("claimed", claimed);
            row.put("redeemed", redeemed);
            row.put("redemptionRate", claimed == 0 ? "-" : BigDecimal.valueOf(redeemed * 100L)
                    .divide(BigDecimal.valueOf(claimed), 1, RoundingMode.HALF_UP).toPlainString() + "%");
            row.put("discountCost", Coupons.decimal(template.get("discountCost")).setScale(2, RoundingMode.HALF_UP).toPlainString());
            rows.add(row);
        }
        return new WidgetData(rows);
    }
}
