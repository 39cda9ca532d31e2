package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.journey.ActionRequest;
import io.quanyu.plugin.sdk.journey.ActionResult;
import io.quanyu.plugin.sdk.journey.JourneyAction;
import io.quanyu.plugin.sdk.journey.JourneyTrigger;
import io.quanyu.plugin.sdk.journey.TriggerDecision;
import io.quanyu.plugin.sdk.journey.TriggerRequest;
import org.pf4j.Extension;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The plugin as a step of the tenant's journeys: an action that gives a reward from stock, and a trigger on signals. */
public final class Journeys {
    private Journeys() {
    }

    /**
     * Action {@code claimReward} ({@code {"sku"}}): one item of the SKU's stock for the customer, at most once per
     * step execution (the execution id is the increment's once-key, so a repeat after a crash takes nothing more and
     * answers the same), never more than the stock holds. Done with {@code {"sku", "remaining"}}; failed
     * {@code OUT_OF_STOCK} when none is left (or the stock is retired), {@code STOCK_NOT_FOUND} for an unknown SKU.
     */
    @Extension
    public static class ClaimReward implements JourneyAction {
        @Override
        public String name() {
            return "claimReward";
        }

        @Override
        public ActionResult execute(ActionRequest request) {
            if (!(request.parameters().get("sku") instanceof String sku)) {
                return ActionResult.failed("SKU_REQUIRED", "the step names no sku");
            }
            var records = request.context().records();
            Optional<Map<String, Object>> stock = records.find(Stock.OBJECT, Map.of("field", "sku", "op", "eq", "value", sku),
                    1, null).records().stream().findFirst();
            if (stock.isEmpty()) {
                return ActionResult.failed("STOCK_NOT_FOUND", "there is no stock of " + sku);
            }
            Optional<Map<String, Object>> after = records.increment(Stock.OBJECT, (String) stock.get().get("_id"),
                    Map.of("remaining", -1, "claimed", 1), Stock.CLAIMABLE, request.executionId());
            if (after.isEmpty()) {
                return ActionResult.failed("OUT_OF_STOCK", "no " + sku + " is left");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("sku", sku);
            out.put("remaining", after.get().get("remaining"));
            return ActionResult.done(out);
        }
    }

    /**
     * Trigger {@code signalled} on {@code sdkcontract.signal} events ({@code {"label"}}): fires for a signal whose
     * label is the journey's, with {@code {"label"}}.
     */
    @Extension
    public static class Signalled implements JourneyTrigger {
        @Override
        public String name() {
            return "signalled";
        }

        @Override
        public TriggerDecision evaluate(TriggerRequest request) {
            Object label = request.event().properties().get("label");
            return label != null && label.equals(request.parameters().get("label"))
                    ? TriggerDecision.fire(Map.of("label", label)) : TriggerDecision.skip();
        }
    }
}
