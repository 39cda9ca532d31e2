package io.quanyu.plugins.coupons;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import io.quanyu.plugin.sdk.task.TaskHandler;
import io.quanyu.plugin.sdk.task.TaskRequest;
import io.quanyu.plugin.sdk.task.TaskResult;
import org.pf4j.Extension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Codes made in bulk ({@value #OBJECT}), for printing or a partner to hand out: {@code generateCodes} takes the
 * batch's count from the template's stock at once (one guarded increment: never more than the stock) and makes the
 * codes on the platform's scheduler ({@value #TASK}), a thousand to a write, as coupons that are {@code issued}
 * and held by nobody; the batch's {@code made} is its progress. Each code is created under the batch and its place
 * ({@code batch:<id>:<n>}), so a chunk run again makes nothing twice (two runs of one batch at once only repeat
 * each other's writes: its {@code made} goes up once per chunk), and a code another coupon holds is drawn again. The codes are the coupon records of the batch: the builder's records page lists and exports them (CSV).
 * A customer takes one with {@code bindCode} (issued → claimed, one guarded update), within the template's limits.
 */
public final class Batches {
    static final String OBJECT = "couponsBatch";
    static final String TASK = "generateCodes";
    static final String ISSUED = "issued";
    /** Codes per write. */
    static final int CHUNK = Records.MAX_CREATE_ALL;
    /** How long before its deadline a run stops and leaves the rest to the next. */
    private static final Duration MARGIN = Duration.ofSeconds(5);

    private Batches() {
    }

    static Map<String, Object> view(Map<String, Object> batch) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("batch", batch.get("_id"));
        for (String field : List.of("template", "count", "made", "status")) {
            out.put(field, batch.get(field));
        }
        return out;
    }

    /** {@code generateCodes}: a batch of codes of a template, made in the background; its key makes it once. */
    @Extension
    public static class Generate implements Operation {
        @Override
        public String name() {
            return "generateCodes";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            PluginContext context = request.context();
            Records records = context.records();
            String templateKey = (String) in.get("template");
            long count = ((Number) in.get("count")).longValue();
            Optional<Map<String, Object>> template = Templates.find(records, templateKey);
            if (template.isEmpty()) {
                return Templates.notFound(templateKey);
            }
            Records.Created made = records.create(OBJECT, Coupons.key("batch:" + in.get("key")), Map.of("template", templateKey,
                    "count", count, "made", 0, "status", "pending"));
            Map<String, Object> batch = made.record();
            if (!templateKey.equals(batch.get("template")) || count != ((Number) batch.get("count")).longValue()) {
                return OperationResult.refused("IDEMPOTENCY_KEY_REUSED", "the key " + in.get("key") + " was used for another batch");
            }
            String id = (String) batch.get("_id");
            if ("refused".equals(batch.get("status"))) {
                return OperationResult.refused(String.valueOf(batch.get("reason")), "refused when first asked: " + batch.get("reason"));
            }
            if ("pending".equals(batch.get("status"))) {
                if (records.increment(Templates.OBJECT, (String) template.get().get("_id"), Map.of("remaining", -count),
                        Coupons.eq("status", Templates.ACTIVE), Coupons.key("batch:" + id)).isEmpty()) {
                    String reason = Templates.stockRefusal(records, (String) template.get().get("_id"));
                    records.updateWhere(OBJECT, id, Coupons.eq("status", "pending"), Map.of("status", "refused", "reason", reason));
                    return OperationResult.refused(reason, reason.equals("OUT_OF_STOCK") ? "fewer than " + count
                            + " coupons of " + templateKey + " are left" : "the template " + templateKey + " is not active");
                }
                batch = records.updateWhere(OBJECT, id, Coupons.eq("status", "pending"), Map.of("status", "running"))
                        .orElseGet(() -> records.get(OBJECT, id).orElseThrow());
            }
            if ("running".equals(batch.get("status"))) { // a repeat schedules it again: a first call may have stopped before
                long from = ((Number) batch.get("made")).longValue();
                context.tasks().schedule(TASK, taskKey(id, from), context.now(), Map.of("batch", id));
            }
            return OperationResult.ok(view(batch));
        }
    }

    static String taskKey(String batch, long from) {
        return "batch:" + batch + ":" + from;
    }

    /** The task that makes a batch's codes, chunk after chunk, until its deadline nears; the next run goes on. */
    @Extension
    public static class Make implements TaskHandler {
        @Override
        public String name() {
            return TASK;
        }

        @Override
        public TaskResult run(TaskRequest request) {
            PluginContext context = request.context();
            Records records = context.records();
            String id = String.valueOf(request.payload().get("batch"));
            Optional<Map<String, Object>> found = records.get(OBJECT, id);
            if (found.isEmpty()) {
                return TaskResult.failed("BATCH_NOT_FOUND", "there is no batch " + id);
            }
            Map<String, Object> batch = found.get();
            if (!"running".equals(batch.get("status"))) {
                return TaskResult.done(); // done by a run before this one
            }
            Map<String, Object> template = Templates.find(records, String.valueOf(batch.get("template"))).orElseThrow();
            long count = ((Number) batch.get("count")).longValue();
            long made = ((Number) batch.get("made")).longValue();
            Instant stop = context.deadline().minus(MARGIN);
            while (made < count && Instant.now().isBefore(stop)) {
                int size = (int) Math.min(CHUNK, count - made);
                chunk(records, template, id, made, size, context.now());
                batch = records.increment(OBJECT, id, Map.of("made", size), Map.of(), "chunk:" + made).orElseThrow();
                made = ((Number) batch.get("made")).longValue();
            }
            if (made < count) {
                context.tasks().schedule(TASK, taskKey(id, made), context.now(), Map.of("batch", id));
            } else {
                records.updateWhere(OBJECT, id, Coupons.eq("status", "running"), Map.of("status", "done",
                        "doneAt", context.now().toString()));
            }
            return TaskResult.done();
        }

        /** Codes {@code from} to {@code from + size - 1} of the batch, each once; a code taken by another is drawn again. */
        private static void chunk(Records records, Map<String, Object> template, String batch, long from, int size, Instant now) {
            String prefix = template.get("codePrefix") == null ? "" : String.valueOf(template.get("codePrefix"));
            int length = template.get("codeLength") instanceof Number n ? n.intValue() : Templates.CODE_LENGTH;
            Map<String, Object> values = new HashMap<>();
            values.put("template", template.get("key"));
            values.put("status", ISSUED);
            values.put("source", "batch");
            values.put("batch", batch);
            if (template.get("validFrom") != null) {
                values.put("validFrom", template.get("validFrom"));
            }
            if (template.get("validTo") != null) {
                values.put("expiresAt", template.get("validTo"));
            }
            for (int attempt = 1; ; attempt++) {
                List<Records.Keyed> codes = new ArrayList<>(size);
                for (long n = from; n < from + size; n++) {
                    Map<String, Object> one = new HashMap<>(values);
                    one.put("code", Codes.next(prefix, length));
                    codes.add(new Records.Keyed("batch:" + batch + ":" + n, one));
                }
                try {
                    records.createAll(Coupons.OBJECT, codes);
                    return;
                } catch (PluginException e) {
                    if (!"RECORD_DUPLICATE".equals(e.code()) || attempt == 5) {
                        throw e;
                    }
                } // the codes not refused were written: the same keys again make only the rest, with fresh codes
            }
        }
    }

    /**
     * {@code bindCode}: the customer takes an issued code (one printed on a card, handed out by a partner); it is
     * theirs from then on, valid for the template's days from now (at most to its end). Binding it again answers the
     * same; a code another customer took is refused.
     */
    @Extension
    public static class Bind implements Operation {
        @Override
        public String name() {
            return "bindCode";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            PluginContext context = request.context();
            Records records = context.records();
            String code = (String) request.input().get("code");
            String customerId = (String) request.input().get("customerId");
            Optional<Map<String, Object>> found = Coupons.byCode(records, code);
            if (found.isEmpty()) {
                return Coupons.notFound(code);
            }
            Map<String, Object> coupon = found.get();
            if (!ISSUED.equals(coupon.get("status"))) {
                return customerId.equals(coupon.get("customerId")) && "code".equals(coupon.get("source"))
                        ? OperationResult.ok(Coupons.view(coupon))
                        : OperationResult.refused("COUPON_TAKEN", "the code is " + coupon.get("status"));
            }
            Optional<io.quanyu.plugin.sdk.Customers.Profile> holder = context.customers().profile(customerId);
            if (holder.isEmpty()) {
                return OperationResult.refused("CUSTOMER_NOT_FOUND", "there is no customer " + customerId);
            }
            Map<String, Object> template = Coupons.template(records, coupon);
            if (Templates.ENDED.equals(template.get("status"))) {
                return OperationResult.refused("TEMPLATE_ENDED", "the template " + template.get("key") + " ended");
            }
            Optional<String> outside = Audience.outside(context.customers(), template, holder.get().id());
            if (outside.isPresent()) {
                return OperationResult.refused("AUDIENCE_MISMATCH", outside.get());
            }
            String key = "bind:" + coupon.get("_id");
            List<String> taken = new ArrayList<>();
            Optional<String> refused = Claims.hold(context, template, customerId, key, taken);
            if (refused.isPresent()) {
                return OperationResult.refused(refused.get(), "the customer may hold no more coupons of " + template.get("key"));
            }
            Map<String, Object> changes = Claims.held(template, customerId, "code", context.now());
            Optional<Map<String, Object>> bound = records.updateWhere(Coupons.OBJECT, (String) coupon.get("_id"),
                    Coupons.eq("status", ISSUED), changes);
            if (bound.isEmpty()) {
                Claims.giveBack(records, taken, key);
                Map<String, Object> taker = records.get(Coupons.OBJECT, (String) coupon.get("_id")).orElseThrow();
                return customerId.equals(taker.get("customerId")) ? OperationResult.ok(Coupons.view(taker))
                        : OperationResult.refused("COUPON_TAKEN", "another customer took the code");
            }
            records.increment(Templates.OBJECT, (String) template.get("_id"), Map.of("claimed", 1), Map.of(), Coupons.key(key));
            CouponEvents.track(context, holder, "coupon.claimed", coupon.get("_id"), bound.get(), Map.of("source", "code"));
            return OperationResult.ok(Coupons.view(bound.get()));
        }
    }
}
