package io.quanyu.plugins.wechat;

import com.google.gson.JsonParser;
import io.quanyu.plugin.sdk.channel.ChannelConnector;
import io.quanyu.plugin.sdk.channel.MessageRequest;
import io.quanyu.plugin.sdk.channel.SendResult;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateData;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateMessage;
import me.chanjar.weixin.mp.enums.WxMpApiUrl;
import org.pf4j.Extension;

import java.util.Map;

/**
 * The {@code wechat-template} channel: a template message (模板消息) to a follower, built with WxJava's
 * {@link WxMpTemplateMessage}: the message's {@code template} is the template id, {@code data.data} the keyword values
 * by name (a text, or {@code {"value", "color"}}), {@code data.url} the page it opens. The send id goes along as
 * WeChat's {@code client_msg_id}. A follower who left is {@code WECHAT_NOT_FOLLOWER} (WeChat's 43004), and WeChat's
 * later {@code TEMPLATESENDJOBFINISH} is reported for the send ({@link TemplateReceipts}).
 */
@Extension
public class TemplateChannel implements ChannelConnector, WeChatSender.Composer {
    static final String CHANNEL = "wechat-template";

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
        return WxMpApiUrl.TemplateMsg.MESSAGE_TEMPLATE_SEND;
    }

    @Override
    public String json(MessageRequest request, String openId) {
        String templateId = request.message().template();
        if (templateId == null || templateId.isBlank()) {
            throw new IllegalArgumentException("a template message needs the template id as the message's template");
        }
        Object url = request.message().data().get("url");
        if (url != null && !(url instanceof String)) {
            throw new IllegalArgumentException("data.url is the page the message opens, a text");
        }
        WxMpTemplateMessage message = WxMpTemplateMessage.builder().toUser(openId).templateId(templateId.strip())
                .url((String) url).clientMsgId(request.sendId()).build();
        Object data = request.message().data().getOrDefault("data", Map.of());
        if (!(data instanceof Map<?, ?> keywords)) {
            throw new IllegalArgumentException("data.data holds the template's keyword values by name");
        }
        keywords.forEach((name, value) -> message.addData(keyword(String.valueOf(name), value)));
        return message.toJson();
    }

    @Override
    public String messageId(String answer, String sendId) {
        return JsonParser.parseString(answer).getAsJsonObject().get("msgid").getAsString();
    }

    private static WxMpTemplateData keyword(String name, Object value) {
        if (value instanceof Map<?, ?> styled && styled.get("value") != null) {
            Object color = styled.get("color");
            return color == null ? new WxMpTemplateData(name, String.valueOf(styled.get("value")))
                    : new WxMpTemplateData(name, String.valueOf(styled.get("value")), String.valueOf(color));
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return new WxMpTemplateData(name, String.valueOf(value));
        }
        throw new IllegalArgumentException("data.data." + name + " is a text or {\"value\", \"color\"}");
    }
}
