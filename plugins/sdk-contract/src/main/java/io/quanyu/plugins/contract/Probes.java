package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.RecordPage;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code probes}: the ids of every probe with a label, read a page at a time (record queries and cursors). */
@Extension
public class Probes implements Operation {
    private static final int PAGE = 50;

    @Override
    public String name() {
        return "probes";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        Map<String, Object> filter = Map.of("field", "label", "op", "eq", "value", request.input().get("label"));
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            RecordPage page = request.context().records().find(RecordProbe.OBJECT, filter, PAGE, cursor);
            page.records().forEach(r -> ids.add(String.valueOf(r.get("_id"))));
            cursor = page.nextCursor();
        } while (cursor != null);
        return OperationResult.ok(Map.of("count", ids.size(), "ids", ids));
    }
}
