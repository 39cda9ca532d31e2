package io.quanyu.plugins.coupons;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.journey.ActionRequest;
import io.quanyu.plugin.sdk.journey.ActionResult;
import io.quanyu.plugin.sdk.journey.JourneyAction;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.jspecify.annotations.Nullable;
import org.pf4j.Extension;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Giving a customer a coupon of a template, once per idempotency key, never more than the stock nor the customer's
 * limit, with no check-then-act: every limit is one guarded increment of the records.
 * <ol>
 *   <li>the claim is recorded under its key ({@value #CLAIM}, created once): a key seen before answers what its
 *   first call came to (the coupon, or the refusal), or, when that call stopped half-way, takes it up;</li>
 *   <li>the customer's count of the day's coupons of the template ({@value #HOLDING}, the day in the plugin's
 *   {@code timeZone}) goes up by one only while it is under the template's {@code perCustomerPerDay}, and then their
 *   count of all its coupons only while it is under {@code perCustomer} (the day's first, as the tighter limit, so
 *   that concurrent claims of one customer are refused for the limit that binds);</li>
 *   <li>the template's {@code remaining} goes down by one only while the template is active (the field's minimum,
 *   0, refuses the last-but-one too many); when it refuses, the customer's counts are given back;</li>
 *   <li>the coupon is created under the claim's key with a fresh code, the claim is marked done and
 *   {@code coupon.claimed} goes on the customer's timeline.</li>
 * </ol>
 * Each increment is applied at most once per claim key ({@code onceKey}), so a repeated call does not take twice. A
 * record remembers its last {@value io.quanyu.plugin.sdk.Records#ONCE_KEYS_KEPT} keys: a claim taken up after that
 * many other claims of the same template may take a second unit of stock, which is never given out (stock can be
 * lost to a crash, never oversold).
 */
public final class Claims {
    static final String CLAIM = "couponsClaim";
    static final String HOLDING = "couponsHolding";
    static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    private Claims() {
    }

    /** A claim's outcome: the coupon, or the refusal's code and message. */
    record Outcome(@Nullable Map<String, Object> coupon, @Nullable String code, @Nullable String message) {
        static Outcome refused(String code, String message) {
            return new Outcome(null, code, message);
        }

        OperationResult result() {
            return coupon != null ? OperationResult.ok(Coupons.view(coupon)) : OperationResult.refused(code, message);
        }
    }

    /** Gives {@code customerId} a coupon of the template {@code templateKey}, once per {@code key}. */
    static Outcome claim(PluginContext context, String templateKey, String customerId, String key, String source) {
        Records records = context.records();
        Optional<Map<String, Object>> found = Templates.find(records, templateKey);
        if (found.isEmpty()) {
            return Outcome.refused("TEMPLATE_NOT_FOUND", "there is no coupon template " + templateKey);
        }
        Map<String, Object> template = found.get();
        Records.Created claim = records.create(CLAIM, Coupons.key(key), Map.of("template", templateKey, "customerId", customerId));
        Map<String, Object> asked = claim.record();
        if (!claim.created()) {
            if (!templateKey.equals(asked.get("template")) || !customerId.equals(asked.get("customerId"))) {
                return Outcome.refused("IDEMPOTENCY_KEY_REUSED", "the key " + key + " was used for another claim");
            }
            if ("refused".equals(asked.get("status"))) {
                return Outcome.refused(String.valueOf(asked.get("reason")), "refused when first asked: " + asked.get("reason"));
            }
            if ("done".equals(asked.get("status"))) {
                return new Outcome(records.get(Coupons.OBJECT, (String) asked.get("coupon")).orElseThrow(), null, null);
            }
        }
        Optional<io.quanyu.plugin.sdk.Customers.Profile> holder = context.customers().profile(customerId);
        if (holder.isEmpty()) {
            return refuse(records, asked, "CUSTOMER_NOT_FOUND", "there is no customer " + customerId);
        }
        Optional<String> outside = Audience.outside(context.customers(), template, holder.get().id());
        if (outside.isPresent()) {
            return refuse(records, asked, "AUDIENCE_MISMATCH", outside.get());
        }
        Instant now = context.now();
        Object end = template.get("validTo");
        if (end != null && !Instant.parse(String.valueOf(end)).isAfter(now)) {
            return refuse(records, asked, "TEMPLATE_ENDED", "the template " + templateKey + " ended at " + end);
        }
        List<String> taken = new ArrayList<>();
        Optional<String> over = hold(context, template, customerId, key, taken);
        if (over.isPresent()) {
            return refuse(records, asked, over.get(), "CUSTOMER_LIMIT_REACHED".equals(over.get())
                    ? "the customer holds " + template.get("perCustomer") + " coupons of " + templateKey + " already"
                    : "the customer claimed " + template.get("perCustomerPerDay") + " coupons of " + templateKey + " today already");
        }
        String templateId = (String) template.get("_id");
        if (records.increment(Templates.OBJECT, templateId, Map.of("remaining", -1, "claimed", 1),
                Coupons.eq("status", Templates.ACTIVE), Coupons.key(key)).isEmpty()) {
            giveBack(records, taken, key);
            String why = Templates.stockRefusal(records, templateId);
            return refuse(records, asked, why, "OUT_OF_STOCK".equals(why) ? "no coupons of " + templateKey + " are left"
                    : "the template " + templateKey + " is not active");
        }
        Map<String, Object> coupon = Coupons.create(records, template, "claim:" + key, held(template, customerId, source, now));
        records.updateWhere(CLAIM, (String) asked.get("_id"), Coupons.eq("status", "pending"),
                Map.of("status", "done", "coupon", coupon.get("_id")));
        CouponEvents.track(context, holder, "coupon.claimed", coupon.get("_id"), coupon, Map.of("source", source));
        return new Outcome(coupon, null, null);
    }

    /**
     * Takes one of the customer's coupons of the template within its limits, once per {@code key}: first of the day's
     * {@code perCustomerPerDay} (the day in the plugin's {@code timeZone}), then of all its {@code perCustomer} (the
     * day's first, as the tighter limit, so that concurrent claims of one customer are refused for the limit that
     * binds); each one guarded increment of the customer's count. Answers the refusal's code when a limit is reached
     * (what was taken then is given back); the counts taken are added to {@code taken}.
     */
    static Optional<String> hold(PluginContext context, Map<String, Object> template, String customerId, String key,
                                 List<String> taken) {
        Records records = context.records();
        String templateKey = String.valueOf(template.get("key"));
        if (template.get("perCustomerPerDay") instanceof Number limit && !hold(records, templateKey, customerId,
                LocalDate.ofInstant(context.now(), zone(context)), limit, key, taken)) {
            return Optional.of("CUSTOMER_DAILY_LIMIT_REACHED");
        }
        if (template.get("perCustomer") instanceof Number limit && !hold(records, templateKey, customerId, null, limit, key, taken)) {
            giveBack(records, taken, key);
            return Optional.of("CUSTOMER_LIMIT_REACHED");
        }
        return Optional.empty();
    }

    /** One limit's count: up by one only while under {@code limit}, once per claim key. */
    private static boolean hold(Records records, String template, String customerId, @Nullable LocalDate day, Number limit,
                                String key, List<String> taken) {
        Map<String, Object> values = new HashMap<>(Map.of("template", template, "customerId", customerId, "count", 0));
        if (day != null) {
            values.put("day", day.toString());
        }
        String holding = (String) records.create(HOLDING, template + "|" + customerId + (day == null ? "" : "|" + day), values)
                .record().get("_id");
        if (records.increment(HOLDING, holding, Map.of("count", 1), Map.of("field", "count", "op", "lt",
                "value", limit.longValue()), Coupons.key(key)).isEmpty()) {
            return false;
        }
        taken.add(holding);
        return true;
    }

    /** Gives back the counts a claim took before it was refused. */
    static void giveBack(Records records, List<String> taken, String key) {
        for (String holding : taken) {
            records.increment(HOLDING, holding, Map.of("count", -1), Map.of(), Coupons.key("undo:" + key));
        }
    }

    /** The zone a day's limit counts in: the plugin's {@code timeZone} setting, China's by default. */
    static ZoneId zone(PluginContext context) {
        Object zone = context.settings().all().get("timeZone");
        try {
            return zone == null ? DEFAULT_ZONE : ZoneId.of(String.valueOf(zone));
        } catch (java.time.DateTimeException e) {
            context.log().warn("the timeZone setting {} is not a time zone; days count in {}", zone, DEFAULT_ZONE);
            return DEFAULT_ZONE;
        }
    }

    private static Outcome refuse(Records records, Map<String, Object> claim, String code, String message) {
        records.updateWhere(CLAIM, (String) claim.get("_id"), Coupons.eq("status", "pending"),
                Map.of("status", "refused", "reason", code));
        return Outcome.refused(code, message);
    }

    /** When a coupon of the template taken at {@code now} expires: after its days, at most at its end. */
    static Instant expiry(Map<String, Object> template, Instant now) {
        Instant expires = template.get("validTo") == null ? null : Instant.parse(String.valueOf(template.get("validTo")));
        if (template.get("validDays") instanceof Number days) {
            Instant afterClaim = now.plus(Duration.ofDays(days.longValue()));
            expires = expires == null || afterClaim.isBefore(expires) ? afterClaim : expires;
        }
        return expires;
    }

    /**
     * A held coupon's values (all but its code): the template's, claimed by {@code customerId} at {@code now} from
     * {@code source}, valid as the template says from then. A claim, a gift received and a code bound all use them.
     */
    static Map<String, Object> held(Map<String, Object> template, String customerId, String source, Instant now) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("template", template.get("key"));
        values.put("customerId", customerId);
        values.put("status", Coupons.CLAIMED);
        values.put("source", source);
        values.put("claimedAt", now.toString());
        if (template.get("validFrom") != null) {
            values.put("validFrom", template.get("validFrom"));
        }
        Instant expires = expiry(template, now);
        values.put("expiresAt", expires.toString());
        return values;
    }

    /** An operation that gives a coupon; its name is the coupon's {@code source}. */
    abstract static class Giving implements Operation {
        private final String source;

        Giving(String source) {
            this.source = source;
        }

        @Override
        public String name() {
            return source;
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            return claim(request.context(), (String) in.get("template"), (String) in.get("customerId"), (String) in.get("key"),
                    source).result();
        }
    }

    /** {@code claim}: the customer claims a coupon (from a campaign page, a mini program). */
    @Extension
    public static class Claim extends Giving {
        public Claim() {
            super("claim");
        }
    }

    /** {@code issue}: an operator or an integrator gives the customer a coupon. */
    @Extension
    public static class Issue extends Giving {
        public Issue() {
            super("issue");
        }
    }

    /**
     * The journey action {@code issueCoupon}: a coupon of the step's template for the customer, once per execution of
     * the step; its code and expiry reach later steps ({@code vars.steps.<step>.code}).
     */
    @Extension
    public static class IssueCoupon implements JourneyAction {
        @Override
        public String name() {
            return "issueCoupon";
        }

        @Override
        public ActionResult execute(ActionRequest request) {
            Outcome outcome = claim(request.context(), String.valueOf(request.parameters().get("template")), request.customerId(),
                    "journey:" + request.executionId(), "journey");
            if (outcome.coupon() == null) {
                return ActionResult.failed(outcome.code(), outcome.message());
            }
            Map<String, Object> out = new HashMap<>(Coupons.view(outcome.coupon()));
            out.keySet().retainAll(List.of("id", "code", "template", "expiresAt"));
            return ActionResult.done(out);
        }
    }
}
