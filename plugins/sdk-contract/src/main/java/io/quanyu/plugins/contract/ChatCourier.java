package io.quanyu.plugins.contract;

import org.pf4j.Extension;

/**
 * The {@code contract-chat} channel: the courier behind a service window (the manifest declares it: 48 hours after
 * the customer's last {@code contract} event, at most 2 messages), which the delivery service checks before it calls.
 */
@Extension
public class ChatCourier extends Courier {

    @Override
    public String channel() {
        return "contract-chat";
    }
}
