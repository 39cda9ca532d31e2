package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.Tracked;
import me.chanjar.weixin.common.api.WxConsts;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.result.WxMpUser;
import me.chanjar.weixin.mp.enums.WxMpApiUrl;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A follower's action in the customer 360: a {@code wechat.*} event on channel {@code wechat} for the customer known
 * by the scoped openid (and the unionid, when WeChat gives one; a new follower's is asked for), and the follower's
 * state as the plugin's profile facts, which segments read as {@code plugins.channel-wechat.subscribed},
 * {@code subscribedAt} and {@code lastInteractionAt}. A card or coupon (卡券) in the follower's card package is tracked
 * as {@code wechat.card_received} (added, or taken from a friend's gift with the code it had before),
 * {@code wechat.card_gifting}, {@code wechat.card_deleted} and {@code wechat.card_consumed}, each with the card id
 * and code, for the plugin that deposited the code to follow. Events WeChat has and the plugin does not follow (card
 * audits, mass-send results, ...) are skipped.
 */
final class FollowerActivity {
    static final String CHANNEL = "wechat";
    private static final String QR_PREFIX = "qrscene_";

    private final PluginContext context;

    FollowerActivity(PluginContext context) {
        this.context = context;
    }

    void apply(String appId, String key, WxMpXmlMessage message) {
        Instant at = Instant.ofEpochSecond(message.getCreateTime());
        Map<String, @Nullable Object> properties = new LinkedHashMap<>();
        properties.put("appId", appId);
        Map<String, @Nullable Object> facts = new LinkedHashMap<>();
        facts.put("lastInteractionAt", at.toString());
        String type;
        if (!WxConsts.XmlMsgType.EVENT.equals(message.getMsgType())) {
            type = "wechat.message";
            properties.put("msgType", message.getMsgType());
            put(properties, "content", message.getContent());
            put(properties, "msgId", message.getMsgId() == null ? null : String.valueOf(message.getMsgId()));
        } else {
            String event = String.valueOf(message.getEvent());
            switch (event) {
                case WxConsts.EventType.SUBSCRIBE -> {
                    type = "wechat.subscribe";
                    String eventKey = message.getEventKey();
                    put(properties, "scene", eventKey != null && eventKey.startsWith(QR_PREFIX)
                            ? eventKey.substring(QR_PREFIX.length()) : null);
                    put(properties, "ticket", message.getTicket());
                    facts.put("subscribed", true);
                    facts.put("subscribedAt", at.toString());
                }
                case WxConsts.EventType.UNSUBSCRIBE -> {
                    type = "wechat.unsubscribe";
                    facts.clear();
                    facts.put("subscribed", false);
                }
                case WxConsts.EventType.SCAN -> {
                    type = "wechat.scan";
                    put(properties, "scene", message.getEventKey());
                    put(properties, "ticket", message.getTicket());
                    facts.put("subscribed", true);
                }
                case WxConsts.EventType.CLICK -> {
                    type = "wechat.click";
                    put(properties, "key", message.getEventKey());
                }
                case WxConsts.EventType.VIEW -> {
                    type = "wechat.view";
                    put(properties, "url", message.getEventKey());
                }
                case WxConsts.EventType.LOCATION -> {
                    type = "wechat.location";
                    put(properties, "latitude", message.getLatitude());
                    put(properties, "longitude", message.getLongitude());
                    put(properties, "precision", message.getPrecision());
                }
                case "user_get_card" -> {
                    boolean fromFriend = Integer.valueOf(1).equals(message.getIsGiveByFriend());
                    type = "wechat.card_received";
                    card(properties, message);
                    properties.put("fromFriend", fromFriend);
                    if (fromFriend) {
                        put(properties, "friendOpenId", blankless(message.getFriendUserName()));
                        put(properties, "previousCode", blankless(message.getOldUserCardCode()));
                    }
                    put(properties, "outerStr", blankless(message.getOuterStr()));
                }
                case "user_gifting_card" -> {
                    type = "wechat.card_gifting";
                    card(properties, message);
                    properties.put("returned", "1".equals(message.getIsReturnBack()));
                    put(properties, "friendOpenId", blankless(message.getFriendUserName()));
                }
                case "user_del_card" -> {
                    type = "wechat.card_deleted";
                    card(properties, message);
                }
                case "user_consume_card" -> {
                    type = "wechat.card_consumed";
                    card(properties, message);
                    put(properties, "source", blankless(message.getConsumeSource()));
                    put(properties, "location", blankless(message.getLocationName()));
                    put(properties, "staffOpenId", blankless(message.getStaffOpenId()));
                    put(properties, "outerStr", blankless(message.getOuterStr()));
                }
                default -> {
                    context.log().debug("skipped the {} event of {}", event, appId);
                    return;
                }
            }
        }
        List<Identity> identities = new ArrayList<>(List.of(Identity.scoped("wechat_openid", appId,
                message.getFromUser())));
        String unionId = message.getUnionId() != null ? message.getUnionId()
                : "wechat.subscribe".equals(type) ? unionIdOf(appId, message.getFromUser()) : null;
        if (unionId != null && !unionId.isBlank()) {
            identities.add(Identity.of("wechat_unionid", unionId));
        }
        Tracked tracked = context.events().track(new Event("wechat:" + key, type, at, identities, CHANNEL, properties));
        if (tracked.customerId() != null) {
            context.customers().putFacts(tracked.customerId(), facts);
        }
    }

    /** The follower's unionid (only for accounts bound to an Open Platform account); null when there is none. */
    private @Nullable String unionIdOf(String appId, String openId) {
        var account = WeChatSettings.from(context.settings()).account(appId);
        if (account.isEmpty()) {
            return null;
        }
        try {
            return WxMpUser.fromJson(new WeChatApi(context, account.get())
                    .get(WxMpApiUrl.User.USER_INFO_URL, Map.of("openid", openId, "lang", "zh_CN"))).getUnionId();
        } catch (WeChatApiException | PluginException e) {
            context.log().info("no unionid for a follower of {}: {}", appId, e.getMessage());
            return null;
        }
    }

    private static void card(Map<String, @Nullable Object> properties, WxMpXmlMessage message) {
        put(properties, "cardId", message.getCardId());
        put(properties, "code", message.getUserCardCode());
    }

    private static @Nullable String blankless(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static void put(Map<String, @Nullable Object> properties, String name, @Nullable Object value) {
        if (value != null) {
            properties.put(name, value);
        }
    }
}
