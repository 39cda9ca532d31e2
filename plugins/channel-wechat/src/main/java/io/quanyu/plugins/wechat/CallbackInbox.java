package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PluginStore;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where verified callbacks wait for their task: WeChat sends a callback again (up to four times in all) when it does
 * not see an answer in five seconds, so each is taken once, by its key, and processed later by the
 * {@link CallbackTask}. Its XML waits in the plugin's store (a task's payload is small), for {@link #KEEP}.
 */
final class CallbackInbox {
    /** Longer than WeChat retries and than the platform retries a task. */
    static final Duration KEEP = Duration.ofDays(2);

    private final PluginContext context;
    private final PluginStore store;

    CallbackInbox(PluginContext context) {
        this.context = context;
        this.store = context.store();
    }

    /**
     * Takes a callback once: a repeated delivery is ignored.
     *
     * @throws IllegalArgumentException when the XML is not a WeChat message
     * @throws io.quanyu.plugin.sdk.PluginException when the store or the scheduler cannot take it now (nothing kept)
     */
    void accept(String appId, String xml) {
        String key = CallbackKey.of(appId, parse(xml));
        if (!store.putIfAbsent(seenKey(key), true, KEEP)) {
            context.log().debug("callback {} came again", key);
            return;
        }
        try {
            store.put(xmlKey(key), xml, KEEP);
            context.tasks().schedule(CallbackTask.NAME, key, Instant.now(), Map.of("appId", appId));
        } catch (RuntimeException e) {
            store.delete(seenKey(key));
            throw e;
        }
    }

    /** The XML of a callback taken and not yet processed. */
    Optional<String> xml(String key) {
        return store.get(xmlKey(key)).map(entry -> String.valueOf(entry.value()));
    }

    /** The callback is processed: its XML is no longer needed (its key stays, against late repeats). */
    void processed(String key) {
        store.delete(xmlKey(key));
    }

    static WxMpXmlMessage parse(String xml) {
        WxMpXmlMessage message;
        try {
            message = WxMpXmlMessage.fromXml(xml);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a WeChat message");
        }
        if (message.getFromUser() == null || message.getCreateTime() == null || message.getMsgType() == null) {
            throw new IllegalArgumentException("a WeChat message has FromUserName, CreateTime and MsgType");
        }
        return message;
    }

    private static String seenKey(String key) {
        return "seen:" + key;
    }

    private static String xmlKey(String key) {
        return "inbound:" + key;
    }
}
