package io.quanyu.plugins.loyalty;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import io.quanyu.plugin.sdk.task.TaskHandler;
import io.quanyu.plugin.sdk.task.TaskRequest;
import io.quanyu.plugin.sdk.task.TaskResult;
import org.pf4j.Extension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ledger's operations ({@link Ledger}) and the task that expires a lot at its instant. */
public final class LedgerOperations {
    private LedgerOperations() {
    }

    /** An entry as the operations answer it. */
    static Map<String, Object> view(Map<String, Object> entry) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", entry.get("_id"));
        for (String field : List.of("kind", "program", "customerId", "amount", "source", "at", "status", "consumed",
                "restored", "paidDebt", "owed", "reverses", "reversedBy")) {
            if (entry.get(field) != null) {
                out.put(field, entry.get(field));
            }
        }
        return out;
    }

    private static OperationResult answer(Ledger.Outcome outcome) {
        return outcome.entry() != null ? OperationResult.ok(view(outcome.entry()))
                : OperationResult.refused(outcome.code(), outcome.message());
    }

    private static boolean member(PluginContext context, String customer) {
        return context.customers().profile(customer).isPresent();
    }

    /** {@code earn}: credits points to a member, once per key. */
    @Extension
    public static class Earn implements Operation {
        @Override
        public String name() {
            return "earn";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            PluginContext context = request.context();
            return Programs.with(request, program -> {
                String customer = (String) in.get("customerId");
                if (!member(context, customer)) {
                    return OperationResult.refused("CUSTOMER_NOT_FOUND", "there is no customer " + customer);
                }
                Ledger.Outcome outcome = Ledger.earn(context, program, customer, Ledger.number(in.get("points")), (String) in.get("key"),
                        (String) in.get("source"));
                if (outcome.entry() != null) {
                    Tiers.evaluate(context, program, customer);
                }
                return answer(outcome);
            });
        }
    }

    /** {@code spend}: debits points from a member's usable lots, first to expire first, once per key. */
    @Extension
    public static class Spend implements Operation {
        @Override
        public String name() {
            return "spend";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            return Programs.with(request, program -> answer(Ledger.spend(request.context(), String.valueOf(in.get("program")),
                    (String) in.get("customerId"), Ledger.number(in.get("points")), (String) in.get("key"), (String) in.get("source"))));
        }
    }

    /** {@code reverse}: reverses an earn (a refunded order) or a spend (a cancelled redemption), once per key. */
    @Extension
    public static class Reverse implements Operation {
        @Override
        public String name() {
            return "reverse";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            return Programs.with(request, program -> answer(Ledger.reverse(request.context(), program, (String) in.get("kind"),
                    (String) in.get("of"), (String) in.get("key"))));
        }
    }

    /** {@code balance}: the member's points now, read from the lots. */
    @Extension
    public static class Balance implements Operation {
        @Override
        public String name() {
            return "balance";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            PluginContext context = request.context();
            return Programs.with(request, program -> OperationResult.ok(Ledger.balance(context.records(),
                    String.valueOf(in.get("program")), (String) in.get("customerId"), context.now()).output()));
        }
    }

    /** {@code ledger}: the member's entries, newest first (at most 100), and their lots. */
    @Extension
    public static class History implements Operation {
        @Override
        public String name() {
            return "ledger";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            PluginContext context = request.context();
            String program = String.valueOf(in.get("program"));
            String customer = (String) in.get("customerId");
            return Programs.with(request, found -> {
                Records records = context.records();
                List<Object> entries = new ArrayList<>();
                records.find(Ledger.ENTRY, Ledger.all(Ledger.eq("program", program), Ledger.eq("customerId", customer)),
                        List.of(Records.Sort.descending("at")), 100, null).records().forEach(e -> entries.add(view(e)));
                List<Object> lots = new ArrayList<>();
                for (Map<String, Object> lot : Ledger.lots(records, program, customer)) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    for (String field : List.of("_id", "amount", "remaining", "expired", "reversed", "earnedAt", "activeFrom",
                            "expiresAt", "status", "source")) {
                        if (lot.get(field) != null) {
                            out.put(field.equals("_id") ? "id" : field, lot.get(field));
                        }
                    }
                    lots.add(out);
                }
                return OperationResult.ok(Map.of("entries", entries, "lots", lots));
            });
        }
    }

    /**
     * The task that expires, at the end of a minute, what is left of the program's lots whose time came in it (a chunk
     * a run; a longer list continues in another run at once); a payload naming one lot is a timer of an earlier release.
     */
    @Extension
    public static class ExpireLot implements TaskHandler {
        @Override
        public String name() {
            return Ledger.EXPIRE_TASK;
        }

        @Override
        public TaskResult run(TaskRequest request) {
            Map<String, Object> payload = request.payload();
            if (payload.get("lot") != null) {
                Ledger.expire(request.context(), String.valueOf(payload.get("lot")));
                return TaskResult.done();
            }
            String program = String.valueOf(payload.get("program"));
            java.time.Instant at;
            try {
                at = java.time.Instant.parse(String.valueOf(payload.get("at")));
            } catch (java.time.format.DateTimeParseException e) {
                return TaskResult.failed("PAYLOAD_INVALID", "an expiry names its program and the instant it is due at");
            }
            if (Ledger.expireDue(request.context(), program, at)) { // more than a run takes: the rest at once, in another run
                long run = Ledger.number(payload.get("run")) + 1;
                request.context().tasks().schedule(Ledger.EXPIRE_TASK, "due:" + program + ":" + at.getEpochSecond() + ":" + run,
                        request.context().now(), Map.of("program", program, "at", at.toString(), "run", run));
            }
            return TaskResult.done();
        }
    }
}
