package io.quanyu.plugins.loyalty;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.event.EventBatch;
import io.quanyu.plugin.sdk.event.EventSubscriber;
import io.quanyu.plugin.sdk.event.ReceivedEvent;
import io.quanyu.plugin.sdk.journey.ActionRequest;
import io.quanyu.plugin.sdk.journey.ActionResult;
import io.quanyu.plugin.sdk.journey.JourneyAction;
import org.pf4j.Extension;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * How members earn without a call: every program with {@code pointsPerYuan} earns on the tenant's orders (the order
 * feed's {@code order} events: the order's amount times the rate, rounded down, under the key {@code order:<orderNo>},
 * so an order sent again earns nothing more), and reverses them when the order is refunded or cancelled, under the
 * program's refund policy; and the journey action {@code awardPoints} gives a step's points once per execution.
 */
public final class Accrual {
    static final String SUBSCRIPTION = "orders";

    private Accrual() {
    }

    /** The points an order of {@code amount} earns in the program: its rate times the amount, rounded down. */
    static long points(Map<String, Object> program, BigDecimal amount) {
        Object rate = program.get("pointsPerYuan");
        return rate == null ? 0 : new BigDecimal(String.valueOf(rate)).multiply(amount).setScale(0, RoundingMode.FLOOR).longValue();
    }

    @Extension
    public static class Orders implements EventSubscriber {
        @Override
        public String name() {
            return SUBSCRIPTION;
        }

        @Override
        public void onEvents(EventBatch batch) {
            PluginContext context = batch.context();
            List<Map<String, Object>> programs = context.records().find(Programs.OBJECT,
                    Map.of("field", "pointsPerYuan", "op", "gt", "value", 0), 100, null).records();
            for (ReceivedEvent received : batch.events()) {
                Map<String, Object> p = received.event().properties();
                String orderNo = String.valueOf(p.get("orderNo"));
                for (Map<String, Object> program : programs) {
                    if ("order".equals(received.event().type())) {
                        long points = p.get("amount") instanceof Number || p.get("amount") instanceof String
                                ? points(program, new BigDecimal(String.valueOf(p.get("amount")))) : 0;
                        if (points > 0) {
                            Ledger.earn(context, program, received.customerId(), points, "order:" + orderNo, "order " + orderNo);
                        }
                    } else {
                        Ledger.Outcome reversed = Ledger.reverse(context, program, Ledger.EARN, "order:" + orderNo, "refund:" + orderNo);
                        if (reversed.entry() == null && !"ENTRY_NOT_FOUND".equals(reversed.code())) {
                            context.log().info("order {} {}: its points stay ({} {})", orderNo, received.event().type(),
                                    reversed.code(), reversed.message());
                        }
                    }
                }
            }
        }
    }

    /** {@code awardPoints}: a journey step gives the customer points in a program, once per step execution. */
    @Extension
    public static class Award implements JourneyAction {
        @Override
        public String name() {
            return "awardPoints";
        }

        @Override
        public ActionResult execute(ActionRequest request) {
            String key = String.valueOf(request.parameters().get("program"));
            var program = Programs.find(request.context().records(), key);
            if (program.isEmpty()) {
                return ActionResult.failed("PROGRAM_NOT_FOUND", "there is no points program " + key);
            }
            Ledger.Outcome outcome = Ledger.earn(request.context(), program.get(), request.customerId(),
                    Ledger.number(request.parameters().get("points")), "journey:" + request.executionId(),
                    request.journey() == null ? "journey" : "journey " + request.journey());
            return outcome.entry() == null ? ActionResult.failed(outcome.code(), outcome.message())
                    : ActionResult.done(Map.of("points", outcome.entry().get("amount"), "entry", outcome.entry().get("_id")));
        }
    }
}
