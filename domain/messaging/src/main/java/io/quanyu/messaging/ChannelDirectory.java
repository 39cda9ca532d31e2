package io.quanyu.messaging;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.TenantId;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The channels a tenant has connected and the way to hand them a message: the plugin host implements it with the
 * tenant's enabled plugins' {@code ChannelConnector}s (messaging knows no plugin). Channel names are unique per tenant:
 * the first enabled plugin (by id) that declares a name serves it.
 */
public interface ChannelDirectory {

    /** The tenant's connected channels, by name. */
    List<Channel> channels(TenantId tenant);

    /** The connected channel called {@code name}, if any. */
    default Optional<Channel> find(TenantId tenant, String name) {
        return channels(tenant).stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * Hands one rendered message to the channel's connector. A refusal or a failure of the connector is an
     * {@link Answer} with a code, never an exception; only the platform's own failures propagate.
     */
    Answer send(CallContext call, Channel channel, Outgoing message);

    /**
     * A connected channel as its plugin's manifest declares it.
     *
     * @param identityTypes the identity types it reaches, in the order to prefer them
     * @param window        when it may reach a customer only after the customer's own interaction, or null
     */
    record Channel(String name, String plugin, List<String> identityTypes, @Nullable Window window) {
        public Channel {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(plugin, "plugin");
            identityTypes = List.copyOf(identityTypes);
        }
    }

    /**
     * A channel's service window (WeChat's customer-service messages: within 48 hours of the follower's last
     * message, click or scan, and at most 5 in that time).
     *
     * @param span                how long after the customer's last interaction the window stays open
     * @param maxMessages         how many messages it takes after one interaction (0: no limit)
     * @param interactionChannel  the event channel whose customer events count as interactions ({@code wechat})
     * @param reason              the skip reason when it is closed ({@code WECHAT_WINDOW_CLOSED})
     */
    record Window(Duration span, int maxMessages, String interactionChannel, String reason) {
    }

    /** An identity a message goes to; {@code scope} for scoped types (the official account's app id). */
    record Address(String type, @Nullable String scope, String value) {
    }

    /** A message rendered for one customer, with the send's id (the connector's idempotency key). */
    record Outgoing(String sendId, String customerId, Address to, @Nullable String template, @Nullable String text,
                    Map<String, Object> data) {
    }

    /**
     * The connector's answer: sent with the channel's message id, or refused with a stable code; {@code retryable}
     * when sending again later may succeed (rate limits, an outage).
     */
    record Answer(@Nullable String messageId, @Nullable String code, @Nullable String message, boolean retryable) {
        public static Answer sent(String messageId) {
            return new Answer(messageId, null, null, false);
        }

        public static Answer failed(String code, String message, boolean retryable) {
            return new Answer(null, code, message, retryable);
        }

        public boolean isSent() {
            return code == null;
        }
    }
}
