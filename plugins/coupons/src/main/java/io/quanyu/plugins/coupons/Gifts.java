package io.quanyu.plugins.coupons;

import io.quanyu.plugin.sdk.Customers;
import io.quanyu.plugin.sdk.PluginContext;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gifts, as WeChat cards have them (转赠): the holder offers a coupon to a friend ({@code gift}: claimed → gifting,
 * with a token to share); the first friend to accept it ({@code acceptGift}) gets a coupon of their own, with a new
 * code, and the offered coupon becomes gifted, so its giver can no longer use it; an offer nobody accepts in time
 * goes back to its giver ({@value #TASK}). Each coupon names the one it came from ({@code giftedFrom},
 * {@code previousCode}) and the one it went to ({@code giftedTo}): the chain of custody ({@code couponChain}).
 * A received coupon keeps its template's expiry and does not count towards the receiver's claim limits.
 */
public final class Gifts {
    static final String TASK = "returnGift";
    static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);
    /** The most links {@code couponChain} follows each way. */
    static final int LONGEST_CHAIN = 50;

    private Gifts() {
    }

    static String taskKey(String token) {
        return "gift:" + token;
    }

    /** {@code gift}: the holder offers the coupon; offering it again while it waits answers the same offer. */
    @Extension
    public static class Gift implements Operation {
        @Override
        public String name() {
            return "gift";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            PluginContext context = request.context();
            Records records = context.records();
            String code = (String) in.get("code");
            String giver = (String) in.get("customerId");
            Duration timeout = in.get("hours") instanceof Number hours ? Duration.ofHours(hours.longValue()) : DEFAULT_TIMEOUT;
            Optional<Map<String, Object>> found = Coupons.byCode(records, code);
            if (found.isEmpty()) {
                return Coupons.notFound(code);
            }
            Map<String, Object> coupon = found.get();
            if (!giver.equals(coupon.get("customerId"))) {
                return OperationResult.refused("COUPON_NOT_HELD", "the coupon is not the customer's");
            }
            if (Boolean.FALSE.equals(Coupons.template(records, coupon).get("giftable"))) {
                return OperationResult.refused("COUPON_NOT_GIFTABLE", "coupons of " + coupon.get("template") + " cannot be given");
            }
            String token = Codes.next("", 20);
            Instant until = context.now().plus(timeout);
            if (Coupons.CLAIMED.equals(coupon.get("status"))) {
                context.tasks().schedule(TASK, taskKey(token), until, Map.of("coupon", coupon.get("_id"), "token", token));
                Optional<Map<String, Object>> offered = records.updateWhere(Coupons.OBJECT, (String) coupon.get("_id"),
                        Coupons.and(Coupons.eq("status", Coupons.CLAIMED), Coupons.eq("customerId", giver)),
                        Map.of("status", Coupons.GIFTING, "giftToken", token, "giftUntil", until.toString()));
                if (offered.isPresent()) {
                    CouponEvents.track(context, "coupon.gifting", coupon.get("_id") + ":" + token, offered.get(), Map.of());
                    return OperationResult.ok(offer(offered.get()));
                }
                context.tasks().cancel(TASK, taskKey(token));
                coupon = records.get(Coupons.OBJECT, (String) coupon.get("_id")).orElseThrow();
            }
            if (Coupons.GIFTING.equals(coupon.get("status"))) {
                return OperationResult.ok(offer(coupon));
            }
            return OperationResult.refused(Coupons.unusable(coupon.get("status")), "the coupon is " + coupon.get("status"));
        }

        private static Map<String, Object> offer(Map<String, Object> coupon) {
            return Map.of("code", coupon.get("code"), "token", coupon.get("giftToken"), "until", coupon.get("giftUntil"));
        }
    }

    /** {@code acceptGift}: the receiver takes an offered coupon; accepting again answers the coupon they got. */
    @Extension
    public static class Accept implements Operation {
        @Override
        public String name() {
            return "acceptGift";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            PluginContext context = request.context();
            Records records = context.records();
            String token = (String) request.input().get("token");
            String receiver = (String) request.input().get("customerId");
            Optional<Map<String, Object>> found = records.find(Coupons.OBJECT, Coupons.eq("giftToken", token), 1, null)
                    .records().stream().findFirst();
            if (found.isEmpty()) {
                return OperationResult.refused("GIFT_NOT_FOUND", "there is no gift " + token);
            }
            Map<String, Object> offered = found.get();
            if (receiver.equals(offered.get("customerId"))) {
                return OperationResult.refused("GIFT_TO_SELF", "the giver cannot accept their own gift");
            }
            Optional<Customers.Profile> profile = context.customers().profile(receiver);
            if (profile.isEmpty()) {
                return OperationResult.refused("CUSTOMER_NOT_FOUND", "there is no customer " + receiver);
            }
            Instant now = context.now();
            Optional<Map<String, Object>> taken = Coupons.GIFTING.equals(offered.get("status"))
                    ? records.updateWhere(Coupons.OBJECT, (String) offered.get("_id"),
                    Coupons.and(Coupons.eq("status", Coupons.GIFTING), Coupons.eq("giftToken", token)),
                    Map.of("status", Coupons.GIFTED, "giftedToCustomer", receiver, "giftedAt", now.toString()))
                    : Optional.empty();
            offered = taken.orElseGet(() -> records.get(Coupons.OBJECT, (String) found.get().get("_id")).orElseThrow());
            if (!Coupons.GIFTED.equals(offered.get("status"))) {
                return OperationResult.refused("GIFT_RETURNED", "the gift was not accepted in time and went back to its giver");
            }
            if (!receiver.equals(offered.get("giftedToCustomer"))) {
                return OperationResult.refused("GIFT_TAKEN", "another customer accepted the gift");
            }
            Map<String, Object> received = receive(context, offered, receiver, now);
            if (taken.isPresent()) {
                context.tasks().cancel(TASK, taskKey(token));
            }
            CouponEvents.track(context, "coupon.gifted", offered.get("_id"), offered, Map.of("to", receiver,
                    "code", received.get("code")));
            CouponEvents.track(context, profile, "coupon.received", received.get("_id"), received, Map.of("from",
                    offered.get("customerId"), "previousCode", offered.get("code")));
            return OperationResult.ok(Coupons.view(received));
        }

        /** The receiver's coupon, created once per gifted coupon, and the gifted coupon's link to it. */
        private static Map<String, Object> receive(PluginContext context, Map<String, Object> offered, String receiver, Instant now) {
            Records records = context.records();
            Map<String, Object> template = Coupons.template(records, offered);
            Map<String, Object> values = Claims.held(template, receiver, "gift", now);
            values.put("expiresAt", offered.get("expiresAt")); // the gift's own time, not a fresh one
            values.put("giftedFrom", offered.get("_id"));
            values.put("previousCode", offered.get("code"));
            Map<String, Object> received = Coupons.create(records, template, "gift:" + offered.get("_id"), values);
            if (offered.get("giftedTo") == null) {
                records.updateWhere(Coupons.OBJECT, (String) offered.get("_id"), Coupons.eq("status", Coupons.GIFTED),
                        Map.of("giftedTo", received.get("_id")));
            }
            return received;
        }
    }

    /** The task that gives an offer nobody accepted back to its giver. */
    @Extension
    public static class Return implements TaskHandler {
        @Override
        public String name() {
            return TASK;
        }

        @Override
        public TaskResult run(TaskRequest request) {
            PluginContext context = request.context();
            String id = String.valueOf(request.payload().get("coupon"));
            String token = String.valueOf(request.payload().get("token"));
            Map<String, Object> back = new HashMap<>();
            back.put("status", Coupons.CLAIMED);
            back.put("giftUntil", null);
            back.put("giftReturnedAt", context.now().toString());
            Optional<Map<String, Object>> returned = context.records().updateWhere(Coupons.OBJECT, id,
                    Coupons.and(Coupons.eq("status", Coupons.GIFTING), Coupons.eq("giftToken", token)), back);
            Optional<Map<String, Object>> coupon = returned.or(() -> context.records().get(Coupons.OBJECT, id));
            if (coupon.isPresent() && token.equals(coupon.get().get("giftToken")) && coupon.get().get("giftReturnedAt") != null) {
                CouponEvents.track(context, "coupon.gift_returned", id + ":" + token, coupon.get(), Map.of());
            }
            return TaskResult.done();
        }
    }

    /**
     * {@code couponChain}: the coupons a gifted coupon passed through, from the one first claimed to the one held now,
     * each with its holder and status.
     */
    @Extension
    public static class Chain implements Operation {
        @Override
        public String name() {
            return "couponChain";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Records records = request.context().records();
            String code = (String) request.input().get("code");
            Optional<Map<String, Object>> found = Coupons.byCode(records, code);
            if (found.isEmpty()) {
                return Coupons.notFound(code);
            }
            List<Map<String, Object>> coupons = new ArrayList<>();
            Map<String, Object> link = found.get();
            for (int i = 0; i < LONGEST_CHAIN && link.get("giftedFrom") instanceof String from; i++) {
                link = records.get(Coupons.OBJECT, from).orElseThrow();
                coupons.add(link);
            }
            Collections.reverse(coupons);
            coupons.add(found.get());
            link = found.get();
            for (int i = 0; i < LONGEST_CHAIN && link.get("giftedTo") instanceof String to; i++) {
                link = records.get(Coupons.OBJECT, to).orElseThrow();
                coupons.add(link);
            }
            List<Object> chain = new ArrayList<>();
            for (Map<String, Object> coupon : coupons) {
                if (coupon.get("holders") instanceof List<?> holders) { // given in WeChat: the same code, earlier holders
                    for (Object holder : holders) {
                        Map<?, ?> h = (Map<?, ?>) holder;
                        Map<String, Object> earlier = new LinkedHashMap<>();
                        earlier.put("code", coupon.get("code"));
                        earlier.put("customerId", h.get("customerId"));
                        earlier.put("status", Coupons.GIFTED);
                        earlier.put("source", h.get("via"));
                        earlier.put("claimedAt", null);
                        earlier.put("giftedAt", h.get("until"));
                        chain.add(earlier);
                    }
                }
                chain.add(link(coupon));
            }
            return OperationResult.ok(Map.of("chain", chain));
        }

        private static Map<String, Object> link(Map<String, Object> coupon) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String field : List.of("code", "customerId", "status", "source", "claimedAt", "giftedAt")) {
                out.put(field, coupon.get(field));
            }
            return out;
        }
    }
}
