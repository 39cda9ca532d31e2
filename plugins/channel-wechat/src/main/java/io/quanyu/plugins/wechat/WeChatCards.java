package io.quanyu.plugins.wechat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import me.chanjar.weixin.mp.enums.WxMpApiUrl;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An official account's cards and coupons (卡券, reference engines §C [C31]-[C34]) in the one shape the platform
 * uses: custom codes in deposit mode, so the codes are the platform's own (a coupon's code is its WeChat code) and
 * WeChat's stock is exactly the codes deposited and not yet added to a card package.
 */
final class WeChatCards {
    private static final Map<String, String> TYPES = Map.of("cash", "CASH", "discount", "DISCOUNT", "gift", "GIFT",
            "general", "GENERAL_COUPON");
    private static final Map<String, String> CODE_TYPES = Map.of("qrcode", "CODE_TYPE_QRCODE", "barcode",
            "CODE_TYPE_BARCODE", "text", "CODE_TYPE_TEXT");

    private final WeChatApi api;

    WeChatCards(WeChatApi api) {
        this.api = api;
    }

    /** {@code card/create} from the operation's input; answers the card id (the card is then audited by WeChat). */
    String create(Map<String, Object> input) {
        String type = TYPES.get(String.valueOf(input.get("kind")));
        JsonObject base = new JsonObject();
        base.addProperty("logo_url", text(input, "logoUrl"));
        base.addProperty("brand_name", text(input, "brandName"));
        base.addProperty("code_type", CODE_TYPES.get(String.valueOf(input.getOrDefault("codeType", "qrcode"))));
        base.addProperty("title", text(input, "title"));
        base.addProperty("color", String.valueOf(input.getOrDefault("color", "Color010")));
        base.addProperty("notice", text(input, "notice"));
        base.addProperty("description", text(input, "description"));
        JsonObject date = new JsonObject();
        if (input.get("validDays") instanceof Number days) {
            date.addProperty("type", "DATE_TYPE_FIX_TERM");
            date.addProperty("fixed_term", days.intValue());
            date.addProperty("fixed_begin_term", input.get("startAfterDays") instanceof Number after
                    ? after.intValue() : 0);
        } else {
            date.addProperty("type", "DATE_TYPE_FIX_TIME_RANGE");
            date.addProperty("begin_timestamp", Instant.parse(text(input, "validFrom")).getEpochSecond());
            date.addProperty("end_timestamp", Instant.parse(text(input, "validTo")).getEpochSecond());
        }
        base.add("date_info", date);
        JsonObject sku = new JsonObject();
        sku.addProperty("quantity", 0);
        base.add("sku", sku);
        if (input.get("getLimit") instanceof Number limit) {
            base.addProperty("get_limit", limit.intValue());
        }
        base.addProperty("use_custom_code", true);
        base.addProperty("get_custom_code_mode", "GET_CUSTOM_CODE_MODE_DEPOSIT");
        base.addProperty("bind_openid", false);
        base.addProperty("can_give_friend", !Boolean.FALSE.equals(input.get("giftable")));
        if (input.get("servicePhone") instanceof String phone) {
            base.addProperty("service_phone", phone);
        }
        JsonObject detail = new JsonObject();
        detail.add("base_info", base);
        switch (type) {
            case "CASH" -> {
                detail.addProperty("least_cost", fen(input.getOrDefault("threshold", 0)));
                detail.addProperty("reduce_cost", fen(input.get("amountOff")));
            }
            case "DISCOUNT" -> detail.addProperty("discount", ((Number) input.get("percentOff")).intValue());
            case "GIFT" -> detail.addProperty("gift", text(input, "detail"));
            default -> detail.addProperty("default_detail", text(input, "detail"));
        }
        JsonObject card = new JsonObject();
        card.addProperty("card_type", type);
        card.add(type.toLowerCase(Locale.ROOT), detail);
        JsonObject body = new JsonObject();
        body.add("card", card);
        return parse(api.post(WxMpApiUrl.Card.CARD_CREATE, body.toString())).get("card_id").getAsString();
    }

    /**
     * Deposits codes (at most 100) and raises the card's stock to the codes deposited and not yet taken, so a retry
     * after a lost answer neither loses stock nor adds it twice.
     */
    Map<String, Object> deposit(String cardId, List<String> codes) {
        JsonObject body = new JsonObject();
        body.addProperty("card_id", cardId);
        JsonArray list = new JsonArray();
        codes.forEach(list::add);
        body.add("code", list);
        JsonObject answer = parse(api.post(WxMpApiUrl.Card.CARD_CODE_DEPOSIT, body.toString()));
        long waiting = parse(api.post(WxMpApiUrl.Card.CARD_CODE_DEPOSIT_COUNT, cardIdBody(cardId)))
                .get("count").getAsLong();
        JsonObject card = parse(api.post(WxMpApiUrl.Card.CARD_GET, cardIdBody(cardId))).getAsJsonObject("card");
        String type = card.get("card_type").getAsString().toLowerCase(Locale.ROOT);
        long stock = card.getAsJsonObject(type).getAsJsonObject("base_info").getAsJsonObject("sku")
                .get("quantity").getAsLong();
        long added = Math.max(0, waiting - stock);
        if (added > 0) {
            JsonObject raise = new JsonObject();
            raise.addProperty("card_id", cardId);
            raise.addProperty("increase_stock_value", added);
            api.post(WxMpApiUrl.Card.CARD_MODIFY_STOCK, raise.toString());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deposited", strings(answer, "succ_code"));
        out.put("duplicate", strings(answer, "duplicate_code"));
        out.put("failed", strings(answer, "fail_code"));
        out.put("stock", stock + added);
        return out;
    }

    /** {@code card/code/consume}: answers the openid that held the code. */
    String consume(String cardId, String code) {
        JsonObject body = new JsonObject();
        body.addProperty("card_id", cardId);
        body.addProperty("code", code);
        return parse(api.post(WxMpApiUrl.Card.CARD_CODE_CONSUME, body.toString())).get("openid").getAsString();
    }

    /** {@code card/code/unavailable}: the code can no longer be used in WeChat. */
    void makeUnavailable(String cardId, String code, String reason) {
        JsonObject body = new JsonObject();
        body.addProperty("card_id", cardId);
        body.addProperty("code", code);
        body.addProperty("reason", reason);
        api.post(WxMpApiUrl.Card.CARD_CODE_UNAVAILABLE, body.toString());
    }

    private static String cardIdBody(String cardId) {
        JsonObject body = new JsonObject();
        body.addProperty("card_id", cardId);
        return body.toString();
    }

    private static JsonObject parse(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    private static List<String> strings(JsonObject answer, String field) {
        List<String> out = new ArrayList<>();
        if (answer.get(field) instanceof JsonArray array) {
            array.forEach(item -> out.add(item.getAsString()));
        }
        return out;
    }

    private static long fen(Object yuan) {
        return new BigDecimal(String.valueOf(yuan)).setScale(2, java.math.RoundingMode.HALF_UP).movePointRight(2)
                .longValueExact();
    }

    private static String text(Map<String, Object> input, String name) {
        return String.valueOf(input.get(name));
    }
}
