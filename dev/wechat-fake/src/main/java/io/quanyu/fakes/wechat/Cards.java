package io.quanyu.fakes.wechat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An account's cards and coupons (卡券, reference engines §C [C31]-[C36]): the card types it created and the codes in
 * people's card packages, with WeChat's rules and error codes. A card is audited at once (the fake's only shortcut:
 * {@code card_pass_check} follows). Codes are WeChat's own (12 digits, made when a person adds the card) or, with
 * {@code use_custom_code}, the developer's; in deposit mode ({@code GET_CUSTOM_CODE_MODE_DEPOSIT}) the card starts
 * with stock 0, codes are deposited, and the stock may never exceed the deposited codes not yet taken (40122). A gift
 * gives the receiver a new code for WeChat-made codes and keeps a custom code (reported as {@code OldUserCardCode}
 * either way); WeChat's documents state the former, the latter is this fake's reading. Not modelled: member cards,
 * gift timeouts, locations, the console. Mutated only under the owning {@link OfficialAccount}'s monitor.
 */
final class Cards {

    static final Set<String> TYPES = Set.of("GROUPON", "CASH", "DISCOUNT", "GIFT", "GENERAL_COUPON");
    static final String DEPOSIT_MODE = "GET_CUSTOM_CODE_MODE_DEPOSIT";
    static final int MAX_DEPOSIT = 100;
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final List<String> REQUIRED_BASE = List.of("logo_url", "brand_name", "code_type", "title", "color",
            "notice", "description", "date_info", "sku");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Card> cards = new LinkedHashMap<>();
    private final Map<String, Held> codes = new LinkedHashMap<>();

    /** One card type as created, its stock and, in deposit mode, its codes not yet taken. */
    static final class Card {
        final String id;
        final String type;
        final ObjectNode definition;
        final long getLimit;
        final boolean canGiveFriend;
        final boolean customCode;
        final boolean deposit;
        final Set<String> deposited = new LinkedHashSet<>();
        final Set<String> taken = new LinkedHashSet<>();
        String status = "CARD_STATUS_VERIFY_OK";
        long stock;

        Card(String id, String type, ObjectNode definition, long stock, long getLimit, boolean canGiveFriend,
             boolean customCode, boolean deposit) {
            this.id = id;
            this.type = type;
            this.definition = definition;
            this.stock = stock;
            this.getLimit = getLimit;
            this.canGiveFriend = canGiveFriend;
            this.customCode = customCode;
            this.deposit = deposit;
        }

        JsonNode baseInfo() {
            return definition.path(type.toLowerCase(java.util.Locale.ROOT)).path("base_info");
        }
    }

    /** A code in someone's card package. */
    static final class Held {
        final String code;
        final String cardId;
        final long receivedAt;
        final String previousCode;
        String openId;
        String status = CardCode.NORMAL;

        Held(String code, String cardId, String openId, long receivedAt, String previousCode) {
            this.code = code;
            this.cardId = cardId;
            this.openId = openId;
            this.receivedAt = receivedAt;
            this.previousCode = previousCode;
        }

        CardCode snapshot() {
            return new CardCode(code, cardId, openId, status, receivedAt, previousCode);
        }
    }

    /** {@code card/create}: checks the card as WeChat does and answers its id. */
    Card create(JsonNode body) {
        JsonNode card = body.path("card");
        String type = Json.text(card, "card_type");
        if (type == null || !TYPES.contains(type)) {
            throw new WeChatError(40071, "invalid card type");
        }
        JsonNode detail = card.path(type.toLowerCase(java.util.Locale.ROOT));
        JsonNode base = detail.path("base_info");
        for (String field : REQUIRED_BASE) {
            if (base.path(field).isMissingNode() || base.path(field).isNull()) {
                throw new WeChatError(41011, "missing required fields: base_info." + field);
            }
        }
        if (Json.text(base, "title").length() > 9 || Json.text(base, "brand_name").length() > 12) {
            throw new WeChatError(45021, "field size out of limit: title at most 9, brand_name at most 12 characters");
        }
        switch (type) {
            case "CASH" -> {
                if (detail.path("reduce_cost").asLong(0) <= 0) {
                    throw new WeChatError(41011, "missing required fields: cash.reduce_cost");
                }
            }
            case "DISCOUNT" -> {
                long discount = detail.path("discount").asLong(0);
                if (discount <= 0 || discount >= 100) {
                    throw WeChatError.invalidArgs("discount is 1 to 99 (percent off)");
                }
            }
            case "GIFT" -> requireText(detail, "gift", type);
            case "GROUPON" -> requireText(detail, "deal_detail", type);
            default -> requireText(detail, "default_detail", type);
        }
        JsonNode date = base.path("date_info");
        String dateType = Json.text(date, "type");
        if ("DATE_TYPE_FIX_TIME_RANGE".equals(dateType)) {
            if (date.path("end_timestamp").asLong(0) <= date.path("begin_timestamp").asLong(0)) {
                throw new WeChatError(40100, "invalid time period");
            }
        } else if ("DATE_TYPE_FIX_TERM".equals(dateType)) {
            if (date.path("fixed_term").asLong(0) <= 0) {
                throw new WeChatError(40100, "invalid time period");
            }
        } else {
            throw new WeChatError(40100, "invalid time period");
        }
        boolean custom = base.path("use_custom_code").asBoolean(false);
        boolean deposit = DEPOSIT_MODE.equals(Json.text(base, "get_custom_code_mode"));
        long quantity = base.path("sku").path("quantity").asLong(-1);
        if (quantity < 0 || deposit && (!custom || quantity != 0)) {
            throw new WeChatError(40122, "invalid quantity" + (deposit ? ": a deposit-mode card starts at 0" : ""));
        }
        String id = "p" + random(ID_ALPHABET, 27);
        Card created = new Card(id, type, ((ObjectNode) card).deepCopy(), quantity,
                base.path("get_limit").asLong(quantity == 0 ? Long.MAX_VALUE : quantity),
                base.path("can_give_friend").asBoolean(true), custom, deposit);
        cards.put(id, created);
        return created;
    }

    Card require(String cardId) {
        if (cardId == null || cardId.isEmpty()) {
            throw new WeChatError(41012, "missing card_id");
        }
        Card card = cards.get(cardId);
        if (card == null) {
            throw new WeChatError(40073, "invalid card id");
        }
        return card;
    }

    /** {@code card/code/deposit}: answers the codes taken, already there, and refused. */
    Map<String, Object> deposit(String cardId, JsonNode list) {
        Card card = require(cardId);
        if (!card.deposit) {
            throw new WeChatError(40078, "invalid card status: the card is not in deposit mode");
        }
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_DEPOSIT) {
            throw WeChatError.invalidArgs("code is a list of 1 to " + MAX_DEPOSIT + " codes");
        }
        List<String> succ = new ArrayList<>();
        List<String> duplicate = new ArrayList<>();
        List<String> fail = new ArrayList<>();
        for (JsonNode item : list) {
            String code = item.isString() ? item.asString() : "";
            if (code.isBlank() || code.chars().anyMatch(Character::isWhitespace)) {
                fail.add(code);
            } else if (card.deposited.contains(code) || card.taken.contains(code)) {
                duplicate.add(code);
            } else {
                card.deposited.add(code);
                succ.add(code);
            }
        }
        return Json.map("errcode", 0, "errmsg", "ok", "duplicate_code", duplicate, "succ_code", succ,
                "fail_code", fail);
    }

    /** {@code card/modifystock}. */
    void modifyStock(String cardId, long increase, long reduce) {
        Card card = require(cardId);
        long stock = card.stock + increase - reduce;
        if (increase < 0 || reduce < 0 || stock < 0 || card.deposit && stock > card.deposited.size()) {
            throw new WeChatError(40122, "invalid quantity" + (card.deposit
                    ? ": the stock may not exceed the " + card.deposited.size() + " deposited codes not yet taken"
                    : ""));
        }
        card.stock = stock;
    }

    /**
     * A person adds the card to their package ({@code wx.addCard}): the {@code cardExt} must carry the signature of the
     * {@code wx_card} ticket (40080), name this person if it names one, and a deposited code not yet taken for a
     * custom-code card; the stock (45031) and {@code get_limit} (45033) must allow it.
     */
    Held add(String openId, String cardId, JsonNode ext, String ticket, Instant now) {
        Card card = require(cardId);
        if (!"CARD_STATUS_VERIFY_OK".equals(card.status)) {
            throw new WeChatError(40078, "invalid card status");
        }
        String code = Json.text(ext, "code");
        String extOpenId = Json.text(ext, "openid");
        String timestamp = Json.text(ext, "timestamp");
        String nonce = Json.text(ext, "nonce_str");
        String signature = Json.text(ext, "signature");
        List<String> signed = new ArrayList<>();
        for (String part : new String[] {ticket, timestamp, cardId, code, extOpenId, nonce}) {
            if (part != null && !part.isEmpty()) {
                signed.add(part);
            }
        }
        if (ticket == null || timestamp == null || signature == null
                || !signature.equals(Signatures.sha1Sorted(signed.toArray(String[]::new)))) {
            throw new WeChatError(40080, "invalid card ext: the signature does not match the wx_card ticket");
        }
        if (extOpenId != null && !extOpenId.isEmpty() && !extOpenId.equals(openId)) {
            throw new WeChatError(40080, "invalid card ext: the card is for another openid");
        }
        if (card.stock <= 0) {
            throw new WeChatError(45031, "stock is empty");
        }
        long held = codes.values().stream().filter(h -> h.cardId.equals(cardId) && h.openId.equals(openId)).count();
        if (held >= card.getLimit) {
            throw new WeChatError(45033, "user get card num limit");
        }
        if (card.customCode) {
            if (code == null || code.isEmpty() || codes.containsKey(code)
                    || card.deposit && !card.deposited.contains(code)) {
                throw new WeChatError(40056, "invalid serial code");
            }
            card.deposited.remove(code);
            card.taken.add(code);
        } else {
            do {
                code = random("0123456789", 12);
            } while (codes.containsKey(code));
        }
        card.stock--;
        Held added = new Held(code, cardId, openId, now.getEpochSecond(), null);
        codes.put(code, added);
        return added;
    }

    /** The code as {@code card/code/get} and {@code card/code/consume} find it (40056 when it is nobody's). */
    Held held(String cardId, String code) {
        Held held = code == null ? null : codes.get(code);
        if (held == null || cardId != null && !cardId.isEmpty() && !held.cardId.equals(cardId)) {
            throw new WeChatError(40056, "invalid serial code");
        }
        if (cards.get(held.cardId).customCode && (cardId == null || cardId.isEmpty())) {
            throw new WeChatError(41012, "missing card_id: a custom code needs its card");
        }
        return held;
    }

    /** Throws WeChat's error when the code cannot be consumed now. */
    void checkConsumable(Held held, Instant now) {
        switch (held.status) {
            case CardCode.CONSUMED -> throw new WeChatError(40099, "invalid code, this code has consumed");
            case CardCode.GIFTING, CardCode.DELETE -> throw new WeChatError(40127,
                    "invalid user-card status: the card was deleted or is being gifted");
            case CardCode.UNAVAILABLE -> throw new WeChatError(40056, "invalid serial code: unavailable");
            default -> {
                Instant[] window = window(held, now);
                if (now.isBefore(window[0]) || !now.isBefore(window[1])) {
                    throw new WeChatError(40079, "invalid time: the code is not valid now");
                }
            }
        }
    }

    /** When the code may be used: begin inclusive, end exclusive. */
    Instant[] window(Held held, Instant now) {
        JsonNode date = cards.get(held.cardId).baseInfo().path("date_info");
        if ("DATE_TYPE_FIX_TIME_RANGE".equals(Json.text(date, "type"))) {
            return new Instant[] {Instant.ofEpochSecond(date.path("begin_timestamp").asLong()),
                    Instant.ofEpochSecond(date.path("end_timestamp").asLong())};
        }
        Instant received = Instant.ofEpochSecond(held.receivedAt);
        Instant begin = received.plus(Duration.ofDays(date.path("fixed_begin_term").asLong(0)));
        return new Instant[] {begin, begin.plus(Duration.ofDays(date.path("fixed_term").asLong()))};
    }

    Held gift(String openId, String code) {
        Held held = own(openId, code);
        if (!cards.get(held.cardId).canGiveFriend) {
            throw new IllegalStateException("the card cannot be given to a friend (can_give_friend is false)");
        }
        if (!CardCode.NORMAL.equals(held.status)) {
            throw new IllegalStateException("the code is " + held.status + ", not NORMAL");
        }
        held.status = CardCode.GIFTING;
        return held;
    }

    /** The friend takes a gift: the giver's code ends, the receiver holds the new (or, custom, the same) code. */
    Held accept(String openId, String code, Instant now) {
        Held gifted = codes.get(code);
        if (gifted == null || !CardCode.GIFTING.equals(gifted.status)) {
            throw new IllegalStateException("the code " + code + " is not being gifted");
        }
        if (gifted.openId.equals(openId)) {
            throw new IllegalStateException("a person cannot accept their own gift");
        }
        Card card = cards.get(gifted.cardId);
        String newCode = code;
        if (card.customCode) {
            codes.remove(code);
        } else {
            gifted.status = CardCode.DELETE;
            do {
                newCode = random("0123456789", 12);
            } while (codes.containsKey(newCode));
        }
        Held received = new Held(newCode, gifted.cardId, openId, now.getEpochSecond(), code);
        codes.put(newCode, received);
        return received;
    }

    /** The openid holding the code now; empty when nobody does. */
    String holder(String code) {
        Held held = codes.get(code);
        return held == null ? "" : held.openId;
    }

    Held delete(String openId, String code) {
        Held held = own(openId, code);
        if (CardCode.DELETE.equals(held.status)) {
            throw new IllegalStateException("the code was deleted already");
        }
        held.status = CardCode.DELETE;
        return held;
    }

    Held own(String openId, String code) {
        Held held = codes.get(code);
        if (held == null || !held.openId.equals(openId)) {
            throw new java.util.NoSuchElementException("no code " + code + " in " + openId + "'s card package");
        }
        return held;
    }

    Card card(String cardId) {
        return cards.get(cardId);
    }

    List<Card> all() {
        return List.copyOf(cards.values());
    }

    List<CardCode> codes() {
        return codes.values().stream().map(Held::snapshot).toList();
    }

    private static void requireText(JsonNode detail, String field, String type) {
        if (Json.text(detail, field) == null) {
            throw new WeChatError(41011, "missing required fields: " + type.toLowerCase(java.util.Locale.ROOT)
                    + "." + field);
        }
    }

    private static String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
