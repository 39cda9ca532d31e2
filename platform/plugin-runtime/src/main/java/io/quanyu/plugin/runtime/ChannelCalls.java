package io.quanyu.plugin.runtime;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.channel.ChannelConnector;
import io.quanyu.plugin.sdk.channel.Message;
import io.quanyu.plugin.sdk.channel.MessageRequest;
import io.quanyu.plugin.sdk.channel.Recipient;
import io.quanyu.plugin.sdk.channel.SendResult;

import java.util.Map;

/** Calls a plugin's channel connector, the one way the platform and the test kit hand a connector a message. */
public final class ChannelCalls {

    private ChannelCalls() {
    }

    /**
     * The connector's answer to one send; a connector that answers nothing is {@code PLUGIN_BAD_RESULT}, and one
     * that throws is the runtime's {@code PLUGIN_OPERATION_FAILED} (a {@code PluginException}) or
     * {@code PLUGIN_FAILED}.
     */
    public static SendResult send(PluginRuntime runtime, PluginKey key, CallScope scope, String channel,
                                  Recipient recipient, Message message, String sendId) {
        String call = "channel " + channel;
        return runtime.call(key, ExtensionKind.CHANNEL, channel, scope, call,
                (ChannelConnector connector, PluginContext context) -> {
                    SendResult result = connector.send(new MessageRequest(context, recipient, message, sendId));
                    if (result == null || result.isSent() && (result.messageId() == null || result.messageId().isBlank())) {
                        throw new QuanyuException(ErrorCode.PLUGIN_BAD_RESULT, Map.of("plugin", key.id(), "call", call,
                                "reason", result == null ? "no result" : "sent without a message id"));
                    }
                    return result;
                });
    }
}
