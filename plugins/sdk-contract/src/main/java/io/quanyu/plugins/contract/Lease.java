package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.PluginStore;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.time.Duration;
import java.util.Map;

/**
 * {@code lease}: takes the named lease for the caller for some seconds when nobody holds it (put-if-absent with a
 * time to live in the plugin's store); answers whether it did and who holds it.
 */
@Extension
public class Lease implements Operation {

    @Override
    public String name() {
        return "lease";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        PluginStore store = request.context().store();
        String key = "lease:" + request.input().get("name");
        long seconds = ((Number) request.input().get("seconds")).longValue();
        boolean granted = store.putIfAbsent(key, request.context().caller(), Duration.ofSeconds(seconds));
        String holder = store.get(key).map(e -> String.valueOf(e.value())).orElse("");
        return OperationResult.ok(Map.of("granted", granted, "holder", holder));
    }
}
