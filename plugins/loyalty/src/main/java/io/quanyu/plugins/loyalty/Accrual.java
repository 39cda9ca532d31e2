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
 * How members earn without a call: every program earns on the tenant's orders (the order feed's {@code order} events:
 * the order's amount times the rate, rounded down, times the member's tier multiplier, plus what the program's
 * {@link EarningRules earning rules} add, under the key {@code order:<orderNo>}, so an order sent again earns nothing
 * more), and reverses them when the order is refunded or cancelled, under the program's refund policy; the event
 * rules give one-off points ({@code rewards}); and the journey action {@code awardPoints} gives a step's points once per
 * execution. Each earning or reversal asks the member's tier again ({@link Tiers}).
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
            List<Map<String, Object>> programs = context.records().find(Programs.OBJECT, Map.of(), 100, null).records();
            for (ReceivedEvent received : batch.events()) {
                Map<String, Object> p = received.event().properties();
                String orderNo = String.valueOf(p.get("orderNo"));
                for (Map<String, Object> program : programs) {
                    if ("order".equals(received.event().type())) {
                        order(context, program, received, orderNo);
                    } else {
                        Ledger.Outcome reversed = Ledger.reverse(context, program, Ledger.EARN, "order:" + orderNo, "refund:" + orderNo);
                        if (reversed.entry() == null && !"ENTRY_NOT_FOUND".equals(reversed.code())) {
                            context.log().info("order {} {}: its points stay ({} {})", orderNo, received.event().type(),
                                    reversed.code(), reversed.message());
                        }
                        if (reversed.entry() != null) {
                            Tiers.evaluate(context, program, received.customerId());
                        }
                    }
                }
            }
        }

        /**
         * An order's points in a program: its rate (times the member's tier multiplier) and what its earning rules
         * add, as one entry under {@code order:<orderNo>} that also keeps the order's amount for tiers by spend.
         */
        private static void order(PluginContext context, Map<String, Object> program, ReceivedEvent received, String orderNo) {
            Object rawAmount = received.event().properties().get("amount");
            if (!(rawAmount instanceof Number || rawAmount instanceof String)) {
                return;
            }
            BigDecimal amount = new BigDecimal(String.valueOf(rawAmount));
            String key = "order:" + orderNo;
            String programKey = String.valueOf(program.get("key"));
            String customer = received.customerId();
            var earlier = Ledger.entry(context.records(), programKey, Ledger.EARN, key);
            Ledger.Outcome outcome;
            if (earlier.isPresent()) { // a replay: the first reading stands (one stopped half-way is finished with it)
                if ("done".equals(earlier.get().get("status"))) {
                    return;
                }
                outcome = Ledger.earn(context, program, customer, Ledger.number(earlier.get().get("amount")), key,
                        (String) earlier.get().get("source"));
            } else {
                long own = Tiers.multiplied(context, program, customer, points(program, amount));
                List<EarningRules.Award> awards = EarningRules.order(context, program, customer, received.event(), amount, key);
                List<Object> breakdown = new java.util.ArrayList<>();
                breakdown.add(Map.of("rule", "rate", "points", own));
                awards.forEach(a -> breakdown.add(a.view()));
                long total = own + awards.stream().mapToLong(EarningRules.Award::points).sum();
                outcome = Ledger.earn(context, program, customer, total, key, "order " + orderNo,
                        Map.of("breakdown", breakdown, "spend", amount));
            }
            if (outcome.entry() == null) {
                context.log().info("order {} earns nothing in {}: {} {}", orderNo, programKey, outcome.code(), outcome.message());
                return;
            }
            Tiers.evaluate(context, program, customer);
        }
    }

    /** The subscription {@code rewards}: one-off points for events the program's event rules name. */
    @Extension
    public static class Rewards implements EventSubscriber {
        @Override
        public String name() {
            return "rewards";
        }

        @Override
        public void onEvents(EventBatch batch) {
            PluginContext context = batch.context();
            List<Map<String, Object>> programs = context.records().find(Programs.OBJECT, Map.of(), 100, null).records();
            for (ReceivedEvent received : batch.events()) {
                for (Map<String, Object> program : programs) {
                    String programKey = String.valueOf(program.get("key"));
                    List<EarningRules.Award> awards = EarningRules.event(context, program, received.customerId(), received.event(),
                            key -> Ledger.entry(context.records(), programKey, Ledger.EARN, key).isPresent());
                    for (EarningRules.Award award : awards) {
                        if (award.points() > 0) {
                            Ledger.earn(context, program, received.customerId(), award.points(), award.key(),
                                    received.event().type(), Map.of("breakdown", List.of(award.view())));
                        }
                    }
                    if (awards.stream().anyMatch(a -> a.points() > 0)) {
                        Tiers.evaluate(context, program, received.customerId());
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
            return Programs.with(request, program -> {
                Ledger.Outcome outcome = Ledger.earn(request.context(), program, request.customerId(),
                        Ledger.number(request.parameters().get("points")), "journey:" + request.executionId(),
                        request.journey() == null ? "journey" : "journey " + request.journey());
                if (outcome.entry() == null) {
                    return ActionResult.failed(outcome.code(), outcome.message());
                }
                Tiers.evaluate(request.context(), program, request.customerId());
                return ActionResult.done(Map.of("points", outcome.entry().get("amount"), "entry", outcome.entry().get("_id")));
            });
        }
    }
}
