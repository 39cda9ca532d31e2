package io.quanyu.plugin.sdk.channel;

import io.quanyu.plugin.sdk.PublicSpi;
import org.pf4j.ExtensionPoint;

/**
 * Sends messages to customers on one channel (WeChat template messages, SMS, e-mail, app push, ...). The channel's
 * name, the identity types it can reach and its capabilities ({@code text}, {@code template}, {@code rich},
 * {@code media}) and windows are declared in the manifest's {@code channels}, so journeys can choose a channel and
 * a fallback without calling the plugin.
 */
@PublicSpi
public interface ChannelConnector extends ExtensionPoint {

    /** The channel's name in the manifest, for example {@code sms}. */
    String channel();

    /** Sends one message; never throws for a delivery problem, answers {@link SendResult#failed} instead. */
    SendResult send(MessageRequest request);
}
