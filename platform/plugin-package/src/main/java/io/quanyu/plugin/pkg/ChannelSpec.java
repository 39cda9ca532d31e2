package io.quanyu.plugin.pkg;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * A messaging channel the plugin connects.
 *
 * @param name          channel name, unique among the plugin's channels
 * @param identityTypes customer identity types it can send to ({@code phone}, {@code wechat_openid}, ...), preferred
 *                      in this order
 * @param capabilities  message kinds it supports ({@code text}, {@code image}, ...)
 * @param window        when it reaches a customer only after the customer's own interaction, or null
 */
public record ChannelSpec(String name, List<String> identityTypes, List<String> capabilities, @Nullable Window window) {
    public ChannelSpec {
        identityTypes = List.copyOf(identityTypes);
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }

    public ChannelSpec(String name, List<String> identityTypes, List<String> capabilities) {
        this(name, identityTypes, capabilities, null);
    }

    /**
     * A service window: open for {@code hours} after the customer's last event on {@code interactionChannel}, for at
     * most {@code maxMessages} messages (0: no limit); a send it closes is skipped with {@code reason}.
     */
    public record Window(int hours, int maxMessages, String interactionChannel, String reason) {
        public static final String DEFAULT_REASON = "CHANNEL_WINDOW_CLOSED";
    }
}
