package io.quanyu.plugins.wechat;

import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;

import java.util.regex.Pattern;

/**
 * What tells one callback from another, as WeChat documents it: a message by its {@code MsgId}, an event by its
 * sender and {@code CreateTime} (with the event's name, so that two events of one follower in the same second, a
 * subscribe and its {@code LOCATION}, stay two, and with the card code of a card event, so that two coupons added
 * together stay two). Used as the store key of the de-duplication and as the task's key.
 */
final class CallbackKey {
    /** What store and task keys may hold. */
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._:@-]");

    private CallbackKey() {
    }

    static String of(String appId, WxMpXmlMessage message) {
        String key = message.getMsgId() != null
                ? appId + ":msg:" + message.getMsgId()
                : appId + ":" + message.getFromUser() + ":" + message.getCreateTime() + ":" + message.getEvent()
                        + (message.getUserCardCode() == null ? "" : ":" + message.getUserCardCode());
        return UNSAFE.matcher(key).replaceAll("_");
    }
}
