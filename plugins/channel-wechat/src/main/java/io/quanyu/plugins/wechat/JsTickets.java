package io.quanyu.plugins.wechat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.quanyu.plugin.sdk.PluginStore;
import me.chanjar.weixin.common.util.RandomUtils;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.mp.enums.WxMpApiUrl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JS-SDK's signatures for an official account's H5 pages (reference §3.9): {@code wx.config}'s, with the
 * {@code jsapi} ticket, and {@code wx.addCard}'s {@code cardExt}, with the {@code wx_card} ticket. Each ticket is kept
 * in the plugin's sealed store as the access token is ({@link AccessTokens#keptFor}); WeChat answers the same
 * ticket while it lives, so two nodes asking at once get the same one and need no lease.
 */
final class JsTickets {
    private final WeChatApi api;
    private final PluginStore sealed;

    JsTickets(WeChatApi api, PluginStore sealed) {
        this.api = api;
        this.sealed = sealed;
    }

    /** {@code wx.config}'s fields for a page at this URL (its {@code #...} dropped, as WeChat signs it). */
    Map<String, Object> config(String url, long timestamp) {
        String nonce = RandomUtils.getRandomStr();
        String page = url.contains("#") ? url.substring(0, url.indexOf('#')) : url;
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("appId", api.account().appId());
        config.put("timestamp", timestamp);
        config.put("nonceStr", nonce);
        config.put("signature", configSignature(ticket("jsapi"), nonce, timestamp, page));
        return config;
    }

    static String configSignature(String ticket, String nonce, long timestamp, String url) {
        return SHA1.genWithAmple("jsapi_ticket=" + ticket, "noncestr=" + nonce, "timestamp=" + timestamp,
                "url=" + url);
    }

    /**
     * The {@code cardExt} JSON of one code: the code, the openid it is for (when given), the time, a nonce, the
     * developer's {@code outer_str} and the signature over the non-empty values with the {@code wx_card} ticket.
     */
    String cardExt(String cardId, String code, String openId, String outerStr, long timestamp) {
        String nonce = RandomUtils.getRandomStr();
        List<String> signed = new ArrayList<>(List.of(ticket("wx_card"), Long.toString(timestamp), cardId, nonce));
        JsonObject ext = new JsonObject();
        ext.addProperty("code", code);
        signed.add(code);
        if (openId != null && !openId.isEmpty()) {
            ext.addProperty("openid", openId);
            signed.add(openId);
        }
        ext.addProperty("timestamp", Long.toString(timestamp));
        ext.addProperty("nonce_str", nonce);
        ext.addProperty("signature", SHA1.gen(signed.toArray(String[]::new)));
        if (outerStr != null && !outerStr.isEmpty()) {
            ext.addProperty("outer_str", outerStr);
        }
        return ext.toString();
    }

    private String ticket(String type) {
        String key = "ticket:" + type + ":" + api.account().appId();
        return sealed.get(key).map(entry -> String.valueOf(((Map<?, ?>) entry.value()).get("ticket")))
                .orElseGet(() -> {
                    String url = "wx_card".equals(type) ? WxMpApiUrl.Card.CARD_GET_TICKET.getUrl(api.account().wxConfig())
                            : WxMpApiUrl.Other.GET_TICKET_URL.getUrl(api.account().wxConfig()) + type;
                    JsonObject answer = JsonParser.parseString(api.get(url)).getAsJsonObject();
                    String ticket = answer.get("ticket").getAsString();
                    sealed.put(key, Map.of("ticket", ticket),
                            AccessTokens.keptFor(answer.get("expires_in").getAsLong()));
                    return ticket;
                });
    }
}
