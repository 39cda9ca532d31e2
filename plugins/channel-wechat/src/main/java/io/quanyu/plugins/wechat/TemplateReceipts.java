package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.channel.DeliveryStatus;
import me.chanjar.weixin.common.api.WxConsts;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * WeChat's {@code TEMPLATESENDJOBFINISH} push, the result of a template message: {@code success} is reported as
 * {@code DELIVERED}, anything else ({@code failed:user block}, {@code failed: system failed}) as {@code FAILED}, for
 * the send whose msgid it names. That is its {@code MsgID}, read from the raw fields: WxJava versions differ in the
 * bean field it fills ({@code msgId} in 4.7.0, {@code massMsgId} later). A msgid no send of this plugin made (another
 * system's template on the same account) is skipped.
 */
final class TemplateReceipts {
    private final PluginContext context;

    TemplateReceipts(PluginContext context) {
        this.context = context;
    }

    static boolean isReceipt(WxMpXmlMessage message) {
        return WxConsts.XmlMsgType.EVENT.equals(message.getMsgType())
                && WxConsts.EventType.TEMPLATE_SEND_JOB_FINISH.equals(message.getEvent());
    }

    void report(String appId, WxMpXmlMessage message) {
        Object msgId = message.getAllFieldsMap().get("MsgID");
        Optional<String> sendId = msgId == null ? Optional.empty()
                : new SendLedger(context.store()).sendOf(appId, String.valueOf(msgId));
        if (sendId.isEmpty()) {
            context.log().info("skipped the result of template message {}: no send of this plugin", msgId);
            return;
        }
        String status = String.valueOf(message.getStatus());
        try {
            context.deliveries().report(sendId.get(), "success".equals(status) ? DeliveryStatus.DELIVERED
                    : DeliveryStatus.FAILED, Instant.ofEpochSecond(message.getCreateTime()),
                    Map.of("status", status, "msgId", String.valueOf(msgId)));
        } catch (PluginException e) {
            if (!"DELIVERY_NOT_FOUND".equals(e.code())) {
                throw e;
            }
            context.log().info("skipped the result of template message {}: the platform knows no send {}", msgId,
                    sendId.get());
        }
    }
}
