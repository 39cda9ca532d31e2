package io.quanyu.fakes.wechat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;

/**
 * The card and coupon APIs (卡券, reference engines §C [C31]-[C34]) and the JS-SDK tickets (reference §3.9):
 * {@code card/create} (then {@code card_pass_check} pushed), {@code card/get}, {@code card/code/deposit},
 * {@code card/code/getdepositcount}, {@code card/modifystock}, {@code card/code/get}, {@code card/code/consume}
 * (then {@code user_consume_card} pushed to the holder, {@code ConsumeSource} {@code FROM_API}),
 * {@code card/code/unavailable}, and {@code cgi-bin/ticket/getticket} of type {@code jsapi} or {@code wx_card}.
 */
final class CardApi {

    static final Duration AUDIT_DELAY = Duration.ofMillis(200);

    private final Authorizer authorizer;
    private final CallbackDeliverer deliverer;
    private final FakeTime time;

    CardApi(Authorizer authorizer, CallbackDeliverer deliverer, FakeTime time) {
        this.authorizer = authorizer;
        this.deliverer = deliverer;
        this.time = time;
    }

    void register(Router router) {
        router.post("/card/create", this::create);
        router.post("/card/get", this::get);
        router.post("/card/code/deposit", this::deposit);
        router.post("/card/code/getdepositcount", this::depositCount);
        router.post("/card/modifystock", this::modifyStock);
        router.post("/card/code/get", this::codeGet);
        router.post("/card/code/consume", this::consume);
        router.post("/card/code/unavailable", this::unavailable);
        router.get("/cgi-bin/ticket/getticket", this::ticket);
    }

    private ApiResponse create(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, "/card/create");
        JsonNode body = request.wechatJson();
        String cardId;
        synchronized (account) {
            cardId = account.cards.create(body).id;
        }
        deliverer.deliverLater(account, InboundMessage.event(account.config().originalId(),
                account.config().originalId(), time.epochSecond(), "card_pass_check",
                Json.map("CardId", cardId, "RefuseReason", ""), null), AUDIT_DELAY);
        return ApiResponse.json(Json.map("errcode", 0, "errmsg", "ok", "card_id", cardId));
    }

    private ApiResponse get(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, "/card/get");
        JsonNode body = request.wechatJson();
        synchronized (account) {
            Cards.Card card = account.cards.require(Json.text(body, "card_id"));
            ObjectNode answer = card.definition.deepCopy();
            ObjectNode base = (ObjectNode) answer.path(card.type.toLowerCase(java.util.Locale.ROOT)).path("base_info");
            base.put("id", card.id);
            base.put("status", card.status);
            ((ObjectNode) base.path("sku")).put("quantity", card.stock);
            return ApiResponse.json(Json.map("errcode", 0, "errmsg", "ok", "card", answer));
        }
    }

    private ApiResponse deposit(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, "/card/code/deposit");
        JsonNode body = request.wechatJson();
        synchronized (account) {
            return ApiResponse.json(account.cards.deposit(Json.text(body, "card_id"), body.path("code")));
        }
    }

    private ApiResponse depositCount(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, "/card/code/getdepositcount");
        JsonNode body = request.wechatJson();
        synchronized (account) {
            Cards.Card card = account.cards.require(Json.text(body, "card_id"));
            return ApiResponse.json(Json.map("errcode", 0, "errmsg", "ok", "count", card.deposited.size()));
        }
    }

    private ApiResponse modifyStock(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, "/card/modifystock");
        JsonNode body = request.wechatJson();
        synchronized (account) {
            account.cards.modifyStock(Json.text(body, "card_id"), body.path("increase_stock_value").asLong(0),
                    body.path("reduce_stock_value").asLong(0));
        }
        return ApiResponse.ok();
    }

    private ApiResponse codeGet(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, "/card/code/get");
        JsonNode body = request.wechatJson();
        Instant now = time.now();
        synchronized (account) {
            Cards.Held held = account.cards.held(Json.text(body, "card_id"), Json.text(body, "code"));
            boolean consumable = true;
            try {
                account.cards.checkConsumable(held, now);
            } catch (WeChatError e) {
                if (body.path("check_consume").asBoolean(true)) {
                    throw e;
                }
                consumable = false;
            }
            Instant[] window = account.cards.window(held, now);
            return ApiResponse.json(Json.map("errcode", 0, "errmsg", "ok",
                    "card", Json.map("card_id", held.cardId, "begin_time", window[0].getEpochSecond(),
                            "end_time", window[1].getEpochSecond(), "code", held.code),
                    "openid", held.openId, "can_consume", consumable, "user_card_status", held.status));
        }
    }

    private ApiResponse consume(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, "/card/code/consume");
        JsonNode body = request.wechatJson();
        Instant now = time.now();
        Cards.Held held;
        synchronized (account) {
            held = account.cards.held(Json.text(body, "card_id"), Json.text(body, "code"));
            account.cards.checkConsumable(held, now);
            held.status = CardCode.CONSUMED;
        }
        deliverer.deliverLater(account, InboundMessage.event(account.config().originalId(), held.openId,
                now.getEpochSecond(), "user_consume_card", Json.map("CardId", held.cardId, "UserCardCode", held.code,
                        "ConsumeSource", "FROM_API", "LocationName", "", "StaffOpenId", "", "VerifyCode", "",
                        "RemarkAmount", "", "OuterStr", ""), null), Duration.ZERO);
        return ApiResponse.json(Json.map("errcode", 0, "errmsg", "ok", "card", Json.map("card_id", held.cardId),
                "openid", held.openId));
    }

    private ApiResponse unavailable(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, "/card/code/unavailable");
        JsonNode body = request.wechatJson();
        synchronized (account) {
            Cards.Held held = account.cards.held(Json.text(body, "card_id"), Json.text(body, "code"));
            if (CardCode.CONSUMED.equals(held.status)) {
                throw new WeChatError(40099, "invalid code, this code has consumed");
            }
            held.status = CardCode.UNAVAILABLE;
        }
        return ApiResponse.ok();
    }

    private ApiResponse ticket(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, "/cgi-bin/ticket/getticket");
        String type = request.query("type");
        if (!"jsapi".equals(type) && !"wx_card".equals(type)) {
            throw WeChatError.invalidArgs("type is jsapi or wx_card");
        }
        Instant now = time.now();
        synchronized (account) {
            JsTickets.Issued ticket = account.tickets.issue(type, now);
            return ApiResponse.json(Json.map("errcode", 0, "errmsg", "ok", "ticket", ticket.value(),
                    "expires_in", ticket.expiresIn(now)));
        }
    }
}
