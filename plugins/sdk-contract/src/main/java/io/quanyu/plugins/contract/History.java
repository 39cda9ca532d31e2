package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.event.EventPage;
import io.quanyu.plugin.sdk.event.EventQuery;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code history}: one page of a customer's events through the bounded event query (types, a start time, a page
 * size, the cursor of the page before), answered as ids, types and the customer they belong to now.
 */
@Extension
public class History implements Operation {

    @Override
    public String name() {
        return "history";
    }

    @Override
    @SuppressWarnings("unchecked")
    public OperationResult handle(OperationRequest request) {
        Map<String, Object> in = request.input();
        EventQuery query = EventQuery.of(String.valueOf(in.get("customerId")))
                .first(((Number) in.getOrDefault("first", 50)).intValue())
                .after((String) in.get("after"));
        if (in.get("types") instanceof List<?> types) {
            query = query.types(((List<String>) types).toArray(String[]::new));
        }
        if (in.get("since") != null) {
            query = query.between(Instant.parse(String.valueOf(in.get("since"))), null);
        }
        EventPage page = request.context().events().query(query);
        List<String> ids = new ArrayList<>();
        List<String> types = new ArrayList<>();
        page.events().forEach(e -> {
            ids.add(e.event().id());
            types.add(e.event().type());
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ids", ids);
        out.put("types", types);
        out.put("customers", page.events().stream().map(e -> e.customerId()).distinct().toList());
        if (page.nextCursor() != null) {
            out.put("next", page.nextCursor());
        }
        return OperationResult.ok(out);
    }
}
