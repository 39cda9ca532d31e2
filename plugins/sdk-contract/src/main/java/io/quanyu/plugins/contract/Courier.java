package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.channel.ChannelConnector;
import io.quanyu.plugin.sdk.channel.MessageRequest;
import io.quanyu.plugin.sdk.channel.SendResult;
import org.pf4j.Extension;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code contract-sms} channel: a provider that keeps each message in the plugin's store, once per send id (a
 * second call with the same id answers the first message's id without keeping a second), and refuses numbers ending
 * in {@code 0000} as a provider refuses an unknown number ({@code CONTRACT_REFUSED}, permanent).
 */
@Extension
public class Courier implements ChannelConnector {
    static final String CHANNEL = "contract-sms";

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public SendResult send(MessageRequest request) {
        if (!"phone".equals(request.recipient().identityType())) {
            return SendResult.failed("CONTRACT_NO_PHONE", "this channel reaches phones only", false);
        }
        if (request.recipient().identity().endsWith("0000")) {
            return SendResult.failed("CONTRACT_REFUSED", "the provider does not know " + request.recipient().identity(), false);
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("to", request.recipient().identity());
        kept.put("customerId", request.recipient().customerId());
        kept.put("template", request.message().template());
        kept.put("text", request.message().text());
        kept.put("data", request.message().data());
        request.context().store().putIfAbsent("sent:" + request.sendId(), kept, null);
        return SendResult.sent("c-" + request.sendId().substring(4, 16));
    }
}
