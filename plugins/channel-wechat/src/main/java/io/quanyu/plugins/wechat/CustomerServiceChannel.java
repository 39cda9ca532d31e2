package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.channel.ChannelConnector;
import io.quanyu.plugin.sdk.channel.MessageRequest;
import io.quanyu.plugin.sdk.channel.SendResult;
import me.chanjar.weixin.mp.bean.kefu.WxMpKefuMessage;
import me.chanjar.weixin.mp.enums.WxMpApiUrl;
import org.pf4j.Extension;

/**
 * The {@code wechat-cs} channel: a customer-service text (客服消息) to a follower, built with WxJava's
 * {@link WxMpKefuMessage}. WeChat takes one only within 48 hours of the follower's last message (5 at most); the
 * manifest declares that window, so the delivery service passes the channel over outside it, and when WeChat refuses
 * anyway (45015, 45047) the answer is {@code WECHAT_WINDOW_CLOSED}, not retryable, and the service falls back.
 * WeChat answers no message id: the send id stands for it.
 */
@Extension
public class CustomerServiceChannel implements ChannelConnector, WeChatSender.Composer {
    static final String CHANNEL = "wechat-cs";

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public SendResult send(MessageRequest request) {
        return WeChatSender.send(request, this);
    }

    @Override
    public WxMpApiUrl api() {
        return WxMpApiUrl.Kefu.MESSAGE_CUSTOM_SEND;
    }

    @Override
    public String json(MessageRequest request, String openId) {
        String text = request.message().text();
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a customer-service message needs the message's text");
        }
        return WxMpKefuMessage.TEXT().toUser(openId).content(text).build().toJson();
    }

    @Override
    public String messageId(String answer, String sendId) {
        return sendId;
    }
}
