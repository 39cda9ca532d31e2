package io.quanyu.plugins.coupons;

import io.quanyu.plugin.sdk.Customers;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.event.EventBatch;
import io.quanyu.plugin.sdk.event.EventSubscriber;
import io.quanyu.plugin.sdk.event.ReceivedEvent;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import io.quanyu.plugin.sdk.task.TaskHandler;
import io.quanyu.plugin.sdk.task.TaskRequest;
import io.quanyu.plugin.sdk.task.TaskResult;
import org.jspecify.annotations.Nullable;
import org.pf4j.Extension;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Coupons in WeChat's card package (微信卡包), through the WeChat plugin's card operations (manifest {@code uses}):
 * <ul>
 *   <li>{@code syncToWeChat} makes a template a WeChat card of the official account (cash, discount, gift or general,
 *   custom codes in deposit mode) and keeps its {@code wechatCard} ({@code appId}, {@code cardId}) on the template;</li>
 *   <li>{@link #addParams}: a holder's coupon is deposited in the card (once) and signed for {@code wx.addCard},
 *   for the holder's openid only, the coupon's id as {@code outerStr} (the H5 page's button);</li>
 *   <li>the {@value #SUBSCRIPTION} subscription follows the card package: a code added marks its coupon
 *   {@code inWeChat}; a code being shared makes the coupon {@code gifting} (not usable) until the friend takes it,
 *   which moves the coupon to the friend with the giver kept in its {@code holders}, or WeChat returns it; a code
 *   deleted voids its coupon; a code consumed outside the platform (WeChat's verification tools) redeems it;</li>
 *   <li>the {@value #TASK} task tells WeChat what the platform did to a coupon in a card package: redeemed
 *   ({@code consumeCardCode}), voided or expired ({@code makeCardCodeUnavailable}); retried while WeChat cannot be
 *   reached, and WeChat's refusal kept on the coupon ({@code wechatSync}).</li>
 * </ul>
 * When WeChat reports a change the coupon's state here does not allow (a code consumed at a store while the coupon
 * was voided here), the coupon is left as it is and the disagreement kept on it ({@code wechatConflict}) for the
 * operator.
 * WeChat keeps a custom code when a card is given (it reports it as the previous code), so a coupon given in WeChat
 * keeps its code and changes holder, where one given on the platform gets the friend a coupon with a code of its own.
 */
public final class InWeChat {
    static final String PLUGIN = "channel-wechat";
    static final String TASK = "wechatCard";
    static final String SUBSCRIPTION = "wechatCards";
    static final String CONSUME = "consume";
    static final String UNAVAILABLE = "unavailable";
    private static final String OPENID = "wechat_openid";
    private static final Duration RETRY = Duration.ofMinutes(1);

    private InWeChat() {
    }

    /** The template's WeChat card, when it was synced: {@code appId} and {@code cardId}. */
    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> card(Map<String, Object> template) {
        return template.get("wechatCard") instanceof Map<?, ?> card ? Optional.of((Map<String, Object>) card) : Optional.empty();
    }

    /**
     * After the platform redeemed ({@link #CONSUME}), voided or expired ({@link #UNAVAILABLE}) a coupon: if its code
     * is in a WeChat card package, a task tells WeChat.
     */
    static void follow(PluginContext context, Map<String, Object> coupon, String action) {
        if (Boolean.TRUE.equals(coupon.get("inWeChat"))) {
            context.tasks().schedule(TASK, action + ":" + coupon.get("_id"), context.now(),
                    Map.of("coupon", coupon.get("_id"), "action", action));
        }
    }

    /** What a page needs for {@code wx.addCard}: the outcome's JSON, or the refusal's code and message. */
    record AddParams(@Nullable Map<String, Object> params, @Nullable String code, @Nullable String message) {
        static AddParams refused(String code, String message) {
            return new AddParams(null, code, message);
        }
    }

    /**
     * The customer's coupon {@code code}, deposited in its template's card if it was not yet, signed for the
     * customer's openid in that account, for the page at {@code url}: refused unless the customer holds it, it is
     * usable ({@code claimed}), its template is a WeChat card, and the customer follows that account.
     */
    static AddParams addParams(PluginContext context, String customerId, String code, String url) {
        Records records = context.records();
        Optional<Map<String, Object>> found = Coupons.byCode(records, code);
        if (found.isEmpty() || !customerId.equals(found.get().get("customerId"))) {
            return AddParams.refused("COUPON_NOT_HELD", "the coupon is not the customer's");
        }
        Map<String, Object> coupon = found.get();
        if (!Coupons.CLAIMED.equals(coupon.get("status"))) {
            return AddParams.refused(Coupons.unusable(coupon.get("status")), "the coupon is " + coupon.get("status"));
        }
        Optional<Map<String, Object>> card = card(Coupons.template(records, coupon));
        if (card.isEmpty()) {
            return AddParams.refused("TEMPLATE_NOT_IN_WECHAT", "coupons of " + coupon.get("template") + " are not WeChat cards");
        }
        String appId = String.valueOf(card.get().get("appId"));
        String cardId = String.valueOf(card.get().get("cardId"));
        Optional<String> openId = context.customers().profile(customerId).stream().flatMap(p -> p.identities().stream())
                .filter(i -> OPENID.equals(i.type()) && appId.equals(i.scope())).map(Identity::value).findFirst();
        if (openId.isEmpty()) {
            return AddParams.refused("NOT_A_FOLLOWER", "the customer has no openid of the official account " + appId);
        }
        try {
            if (!Boolean.TRUE.equals(coupon.get("wechatDeposited"))) {
                Map<String, Object> deposit = context.plugins().call(PLUGIN, "depositCardCodes",
                        Map.of("appId", appId, "cardId", cardId, "codes", List.of(code)));
                if (!(deposit.get("failed") instanceof List<?> failed) || !failed.isEmpty()) {
                    return AddParams.refused("WECHAT_DEPOSIT_FAILED", "WeChat did not take the code " + code);
                }
                mark(context, coupon, Map.of("wechatDeposited", true));
            }
            Map<String, Object> in = new LinkedHashMap<>();
            in.put("appId", appId);
            in.put("cardId", cardId);
            in.put("code", code);
            in.put("openId", openId.get());
            in.put("outerStr", coupon.get("_id"));
            in.put("url", url);
            return new AddParams(context.plugins().call(PLUGIN, "addCardParams", in), null, null);
        } catch (PluginException e) {
            return AddParams.refused(e.code(), e.getMessage());
        }
    }

    /** {@code syncToWeChat}: the template as a card of an official account, made once. */
    @Extension
    public static class Sync implements Operation {
        @Override
        public String name() {
            return "syncToWeChat";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            PluginContext context = request.context();
            Records records = context.records();
            String key = (String) in.get("key");
            String appId = (String) in.get("appId");
            Optional<Map<String, Object>> found = Templates.find(records, key);
            if (found.isEmpty()) {
                return Templates.notFound(key);
            }
            Map<String, Object> template = found.get();
            Optional<Map<String, Object>> synced = card(template);
            if (synced.isPresent()) {
                return synced.get().get("appId").equals(appId) ? OperationResult.ok(output(key, synced.get(), false))
                        : OperationResult.refused("TEMPLATE_IN_WECHAT", "the template is a card of " + synced.get().get("appId")
                        + " already");
            }
            if (!context.plugins().enabled(PLUGIN)) {
                return OperationResult.refused("WECHAT_NOT_ENABLED", "the WeChat plugin (" + PLUGIN + ") is not enabled");
            }
            String cardId;
            try {
                cardId = String.valueOf(context.plugins().call(PLUGIN, "createCard", cardInput(context, template, in)).get("cardId"));
            } catch (PluginException e) {
                return OperationResult.refused(e.code(), e.getMessage());
            }
            Map<String, Object> card = new LinkedHashMap<>();
            card.put("appId", appId);
            card.put("cardId", cardId);
            card.put("syncedAt", context.now().toString());
            Optional<Map<String, Object>> kept = records.updateWhere(Templates.OBJECT, (String) template.get("_id"),
                    Map.of("field", "wechatCard", "op", "exists", "value", false), Map.of("wechatCard", card));
            if (kept.isEmpty()) { // a sync at the same time won: its card is the template's (ours stays unused, stock 0)
                Map<String, Object> winner = card(Templates.find(records, key).orElseThrow()).orElseThrow();
                context.log().info("template {}: card {} made at the same time as {} is left unused", key, cardId,
                        winner.get("cardId"));
                return OperationResult.ok(output(key, winner, false));
            }
            return OperationResult.ok(output(key, card, true));
        }

        private static Map<String, Object> output(String key, Map<String, Object> card, boolean created) {
            return Map.of("key", key, "appId", card.get("appId"), "cardId", card.get("cardId"), "created", created);
        }

        /**
         * The WeChat plugin's {@code createCard} input for the template: percentage off as a discount card, cash off
         * as a cash card, an exchange as a gift card, free shipping as a general coupon; its validity (days after it
         * is added, or its dates), its per-customer limit and whether it may be given.
         */
        static Map<String, Object> cardInput(PluginContext context, Map<String, Object> template, Map<String, Object> in) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("appId", in.get("appId"));
            H5.Texts zh = new H5.Texts(false);
            switch (String.valueOf(template.get("kind"))) {
                case "percentOff" -> {
                    out.put("kind", "discount");
                    out.put("percentOff", ((Number) template.get("percentOff")).intValue());
                }
                case "amountOff" -> {
                    out.put("kind", "cash");
                    out.put("amountOff", Coupons.decimal(template.get("amountOff")).doubleValue());
                    if (Coupons.decimal(template.get("threshold")).signum() > 0) {
                        out.put("threshold", Coupons.decimal(template.get("threshold")).doubleValue());
                    }
                }
                case "exchange" -> {
                    out.put("kind", "gift");
                    out.put("detail", zh.worth(template));
                }
                default -> {
                    out.put("kind", "general");
                    out.put("detail", zh.worth(template));
                }
            }
            String name = String.valueOf(template.get("name"));
            Object title = in.get("title");
            out.put("title", title != null ? title : name.codePointCount(0, name.length()) <= 9 ? name
                    : name.substring(0, name.offsetByCodePoints(0, 9)));
            out.put("brandName", in.get("brandName"));
            out.put("logoUrl", in.get("logoUrl"));
            if (in.get("color") != null) {
                out.put("color", in.get("color"));
            }
            out.put("notice", in.getOrDefault("notice", "结账时出示券码"));
            List<String> rules = new ArrayList<>(List.of(zh.worth(template)));
            rules.addAll(zh.rules(template, Claims.zone(context)));
            String description = String.join("；", rules);
            out.put("description", in.getOrDefault("description", description.length() > 1024
                    ? description.substring(0, 1024) : description));
            if (template.get("validDays") instanceof Number days) { // a template has days or an end (defineTemplate)
                out.put("validDays", days.intValue());
            } else {
                out.put("validFrom", template.get("validFrom") != null ? template.get("validFrom") : context.now().toString());
                out.put("validTo", template.get("validTo"));
            }
            if (template.get("perCustomer") instanceof Number limit) {
                out.put("getLimit", limit.intValue());
            }
            out.put("giftable", !Boolean.FALSE.equals(template.get("giftable")));
            return out;
        }
    }

    /** The card package's events for the account's synced cards, applied to their coupons once each. */
    @Extension
    public static class CardEvents implements EventSubscriber {
        @Override
        public String name() {
            return SUBSCRIPTION;
        }

        @Override
        public void onEvents(EventBatch batch) {
            PluginContext context = batch.context();
            for (ReceivedEvent received : batch.events()) {
                Map<String, Object> p = received.event().properties();
                String code = String.valueOf(p.get("fromFriend") == Boolean.TRUE && p.get("previousCode") != null
                        ? p.get("previousCode") : p.get("code"));
                Optional<Map<String, Object>> coupon = Coupons.byCode(context.records(), code);
                if (coupon.isEmpty() || !ofCard(context.records(), coupon.get(), p)) {
                    continue; // a card this plugin did not make, or another tenant's code
                }
                switch (received.event().type()) {
                    case "wechat.card_received" -> received(context, coupon.get(), received, p);
                    case "wechat.card_gifting" -> gifting(context, coupon.get(), received.customerId(),
                            Boolean.TRUE.equals(p.get("returned")));
                    case "wechat.card_deleted" -> deleted(context, coupon.get(), received.customerId());
                    case "wechat.card_consumed" -> consumed(context, coupon.get(), p);
                    default -> context.log().info("{} is not a card event", received.event().type());
                }
            }
        }

        private static boolean ofCard(Records records, Map<String, Object> coupon, Map<String, Object> properties) {
            return Templates.find(records, String.valueOf(coupon.get("template"))).flatMap(InWeChat::card)
                    .filter(card -> card.get("cardId").equals(properties.get("cardId"))
                            && card.get("appId").equals(properties.get("appId"))).isPresent();
        }

        /** Added by its holder: in the card package. Taken from a friend: the coupon is the friend's now. */
        private static void received(PluginContext context, Map<String, Object> coupon, ReceivedEvent received,
                                     Map<String, Object> p) {
            Records records = context.records();
            String id = (String) coupon.get("_id");
            String receiver = received.customerId();
            if (!Boolean.TRUE.equals(p.get("fromFriend"))) {
                if (!Boolean.TRUE.equals(coupon.get("inWeChat"))) {
                    mark(context, coupon, Map.of("inWeChat", true, "inWeChatAt", context.now().toString()));
                }
                return;
            }
            String giver = String.valueOf(coupon.get("customerId"));
            if (giver.equals(receiver)) {
                return; // applied already (an event handed over again)
            }
            List<Object> holders = new ArrayList<>(coupon.get("holders") instanceof List<?> l ? l : List.of());
            holders.add(Map.of("customerId", giver, "until", context.now().toString(), "via", "wechat"));
            Map<String, Object> changes = new HashMap<>();
            changes.put("customerId", receiver);
            changes.put("status", Coupons.CLAIMED);
            changes.put("holders", holders);
            changes.put("giftedAt", context.now().toString());
            changes.put("inWeChat", true);
            if (!code(coupon).equals(p.get("code"))) {
                changes.put("code", p.get("code")); // WeChat made a new code for the friend
                changes.put("previousCode", code(coupon));
            }
            Map<String, Object> guard = Coupons.and(Coupons.eq("customerId", giver), Map.of("field", "status", "op", "in",
                    "value", List.of(Coupons.CLAIMED, Coupons.GIFTING)));
            Optional<Map<String, Object>> moved = records.updateWhere(Coupons.OBJECT, id, guard, changes);
            if (moved.isEmpty()) {
                Object status = records.get(Coupons.OBJECT, id).map(c -> c.get("status")).orElse(null);
                conflict(context, coupon, "a friend took the code in WeChat while the coupon was " + status);
                return;
            }
            CouponEvents.track(context, "coupon.gifted", id + ":" + receiver, coupon, Map.of("to", receiver, "via", "wechat"));
            CouponEvents.track(context, "coupon.received", id + ":" + receiver, moved.get(), Map.of("from", giver,
                    "previousCode", code(coupon), "via", "wechat"));
        }

        /** Shared with a friend in WeChat: not usable until taken; given back: usable again. */
        private static void gifting(PluginContext context, Map<String, Object> coupon, String holder, boolean returned) {
            String id = (String) coupon.get("_id");
            Map<String, Object> guard = returned
                    ? Coupons.and(Coupons.eq("status", Coupons.GIFTING), Coupons.eq("giftVia", "wechat"))
                    : Coupons.and(Coupons.eq("status", Coupons.CLAIMED), Coupons.eq("customerId", holder));
            Map<String, Object> changes = new HashMap<>();
            changes.put("status", returned ? Coupons.CLAIMED : Coupons.GIFTING);
            changes.put("giftVia", returned ? null : "wechat");
            if (returned) {
                changes.put("giftReturnedAt", context.now().toString());
            }
            Optional<Map<String, Object>> changed = context.records().updateWhere(Coupons.OBJECT, id, guard, changes);
            if (changed.isPresent()) {
                CouponEvents.track(context, returned ? "coupon.gift_returned" : "coupon.gifting",
                        id + ":wechat:" + context.now().toEpochMilli(), changed.get(), Map.of("via", "wechat"));
            } else if (!returned && !Coupons.GIFTING.equals(coupon.get("status"))) { // not a replay: a coupon WeChat could not share
                conflict(context, coupon, "the holder shared the code in WeChat while the coupon was " + coupon.get("status"));
            }
        }

        /** Deleted from the card package: WeChat no longer shows it, so it is void. */
        private static void deleted(PluginContext context, Map<String, Object> coupon, String holder) {
            Map<String, Object> changes = new HashMap<>();
            changes.put("status", Coupons.VOIDED);
            changes.put("voidedAt", context.now().toString());
            changes.put("reason", "deleted from the WeChat card package");
            changes.put("inWeChat", false);
            Optional<Map<String, Object>> voided = context.records().updateWhere(Coupons.OBJECT, (String) coupon.get("_id"),
                    Coupons.and(Coupons.eq("customerId", holder), Map.of("field", "status", "op", "in",
                            "value", List.of(Coupons.CLAIMED, Coupons.GIFTING))), changes);
            voided.ifPresent(v -> CouponEvents.track(context, "coupon.voided", v.get("_id"), v,
                    Map.of("reason", "deleted from the WeChat card package")));
        }

        /**
         * Consumed in WeChat: by the platform's own task ({@code FROM_API}) nothing changes; by WeChat's tools (a
         * clerk's verification assistant) the coupon is redeemed, with its cash value as the discount.
         */
        private static void consumed(PluginContext context, Map<String, Object> coupon, Map<String, Object> p) {
            if ("FROM_API".equals(p.get("source"))) {
                return;
            }
            Map<String, Object> template = Coupons.template(context.records(), coupon);
            BigDecimal discount = "amountOff".equals(template.get("kind")) ? Coupons.decimal(template.get("amountOff"))
                    : BigDecimal.ZERO;
            String order = "wechat:" + code(coupon);
            Map<String, Object> changes = new HashMap<>();
            changes.put("status", Coupons.REDEEMED);
            changes.put("orderId", order);
            changes.put("discount", discount);
            changes.put("redeemedAt", context.now().toString());
            changes.put("redeemedIn", "wechat");
            Optional<Map<String, Object>> taken = context.records().updateWhere(Coupons.OBJECT, (String) coupon.get("_id"),
                    Coupons.eq("status", Coupons.CLAIMED), changes);
            if (taken.isEmpty()) {
                if (!Coupons.REDEEMED.equals(coupon.get("status"))) {
                    conflict(context, coupon, "consumed in WeChat while the coupon was " + coupon.get("status"));
                }
                return;
            }
            if (discount.signum() > 0) {
                context.records().increment(Templates.OBJECT, (String) template.get("_id"), Map.of("discountCost", discount),
                        Map.of(), null);
            }
            Map<String, Object> more = new LinkedHashMap<>();
            more.put("orderId", order);
            more.put("discount", discount);
            more.put("via", "wechat");
            if (p.get("location") != null) {
                more.put("location", p.get("location"));
            }
            CouponEvents.track(context, "coupon.redeemed", coupon.get("_id") + ":" + order, taken.get(), more);
        }

        /** WeChat and the platform disagree about a coupon: kept on it for the operator, never applied blindly. */
        private static void conflict(PluginContext context, Map<String, Object> coupon, String what) {
            context.log().warn("coupon {}: {}", coupon.get("_id"), what);
            mark(context, coupon, Map.of("wechatConflict", Map.of("what", what, "at", context.now().toString())));
        }
    }

    private static String code(Map<String, Object> coupon) {
        return String.valueOf(coupon.get("code"));
    }

    /** Notes fields about WeChat on a coupon (whatever its status) while it keeps its code. */
    private static void mark(PluginContext context, Map<String, Object> coupon, Map<String, Object> changes) {
        context.records().updateWhere(Coupons.OBJECT, (String) coupon.get("_id"), Coupons.eq("code", code(coupon)), changes);
    }

    /** Tells WeChat a coupon in a card package was redeemed, voided or expired on the platform. */
    @Extension
    public static class Push implements TaskHandler {
        @Override
        public String name() {
            return TASK;
        }

        @Override
        public TaskResult run(TaskRequest request) {
            PluginContext context = request.context();
            String id = String.valueOf(request.payload().get("coupon"));
            String action = String.valueOf(request.payload().get("action"));
            Optional<Map<String, Object>> coupon = context.records().get(Coupons.OBJECT, id);
            Optional<Map<String, Object>> card = coupon.flatMap(c -> Templates.find(context.records(),
                    String.valueOf(c.get("template")))).flatMap(InWeChat::card);
            if (coupon.isEmpty() || card.isEmpty()) {
                return TaskResult.done(); // deleted since: nothing to tell
            }
            Map<String, Object> in = new LinkedHashMap<>();
            in.put("appId", card.get().get("appId"));
            in.put("cardId", card.get().get("cardId"));
            in.put("code", code(coupon.get()));
            String operation = CONSUME.equals(action) ? "consumeCardCode" : "makeCardCodeUnavailable";
            if (!CONSUME.equals(action)) {
                in.put("reason", String.valueOf(coupon.get().get("status")));
            }
            try {
                context.plugins().call(PLUGIN, operation, in);
            } catch (PluginException e) {
                if ("WECHAT_UNAVAILABLE".equals(e.code()) || "PLUGIN_BUSY".equals(e.code()) || "PLUGIN_TIMEOUT".equals(e.code())) {
                    return TaskResult.retryAfter(RETRY);
                }
                mark(context, coupon.get(), Map.of("wechatSync", Map.of("action", action, "error",
                        e.code() + ": " + e.getMessage(), "at", context.now().toString())));
                return TaskResult.failed(e.code(), e.getMessage());
            }
            mark(context, coupon.get(), Map.of("wechatSync", Map.of("action", action, "doneAt", context.now().toString())));
            return TaskResult.done();
        }
    }
}
