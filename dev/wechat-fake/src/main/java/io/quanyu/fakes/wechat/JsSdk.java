package io.quanyu.fakes.wechat;

import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * WeChat's JS-SDK as a page inside WeChat's browser sees it, for the calls the platform's pages make: the script at
 * {@code /open/js/jweixin-1.6.0.js} (the path WeChat serves it at) defines {@code wx.config}, {@code wx.ready},
 * {@code wx.error} and {@code wx.addCard}, and posts each to this fake, which answers as WeChat's client would:
 * {@code config} is checked against the account's live {@code jsapi} ticket for the page's URL (without its
 * {@code #} part), {@code errMsg "config:invalid signature"} otherwise; {@code addCard} adds each card to the card
 * package of the person its {@code cardExt} names ({@code openid}), or of the fake's current person, as
 * {@link FollowerActions#addCard} does (WeChat's refusal codes in {@code errMsg "addCard:fail ..."}). The answers
 * carry {@code Access-Control-Allow-Origin: *}: the page is on the brand's host, the fake on its own.
 */
final class JsSdk {
    static final String SCRIPT_PATH = "/open/js/jweixin-1.6.0.js";

    private final WeChatFake fake;
    private final Directory directory;
    private final String script;

    JsSdk(WeChatFake fake, Directory directory) {
        this.fake = fake;
        this.directory = directory;
        this.script = AdminApi.resource("jweixin.js");
    }

    void register(Router router) {
        router.get(SCRIPT_PATH, request -> cors(new ApiResponse(200, "application/javascript; charset=utf-8",
                script.getBytes(StandardCharsets.UTF_8), Map.of())));
        router.post("/fake/jssdk/config", request -> cors(ApiResponse.json(Json.map("errMsg", config(request.json())))));
        router.post("/fake/jssdk/addCard", request -> cors(ApiResponse.json(addCard(request.json()))));
    }

    /** {@code config:ok}, or WeChat's message for a config its client refuses. */
    private String config(JsonNode body) {
        OfficialAccount account = directory.find(Json.text(body, "appId") == null ? "" : Json.text(body, "appId"));
        if (account == null) {
            return "config:invalid appid";
        }
        JsonNode config = body.path("config");
        String url = Json.text(body, "url");
        if (url == null || !config.path("timestamp").canConvertToLong()
                || !account.acceptsJsConfig(url.replaceFirst("#.*$", ""), String.valueOf(Json.text(config, "nonceStr")),
                config.path("timestamp").asLong(), String.valueOf(Json.text(config, "signature")))) {
            return "config:invalid signature";
        }
        boolean listed = false;
        for (JsonNode api : config.path("jsApiList")) {
            listed |= "addCard".equals(api.asString());
        }
        return listed ? "config:ok" : "config:ok (no addCard in jsApiList)";
    }

    private Map<String, Object> addCard(JsonNode body) {
        String configured = config(body);
        if (!configured.equals("config:ok")) {
            return Json.map("errMsg", configured.startsWith("config:ok") ? "addCard:the permission value is offline verifying"
                    : "addCard:fail " + configured);
        }
        String appId = Json.text(body, "appId");
        OfficialAccount account = directory.find(appId);
        List<Object> added = new ArrayList<>();
        for (JsonNode card : body.path("cardList")) {
            String cardId = String.valueOf(Json.text(card, "cardId"));
            String ext = String.valueOf(Json.text(card, "cardExt"));
            String openId = Json.text(Json.read(ext.getBytes(StandardCharsets.UTF_8)), "openid");
            if (openId == null) {
                Person current = directory.current();
                openId = current == null ? null : account.openId(current);
            }
            if (openId == null || account.follower(openId) == null) {
                return Json.map("errMsg", "addCard:fail the user does not follow the account");
            }
            try {
                fake.actAs(appId, openId).addCard(cardId, ext);
            } catch (IllegalArgumentException e) {
                return Json.map("errMsg", "addCard:fail " + e.getMessage());
            }
            added.add(Json.map("cardId", cardId, "cardExt", ext, "isSuccess", true));
        }
        return Json.map("errMsg", "addCard:ok", "cardList", added);
    }

    private static ApiResponse cors(ApiResponse response) {
        Map<String, String> headers = new java.util.HashMap<>(response.headers());
        headers.put("Access-Control-Allow-Origin", "*");
        return new ApiResponse(response.status(), response.contentType(), response.body(), Map.copyOf(headers));
    }
}
