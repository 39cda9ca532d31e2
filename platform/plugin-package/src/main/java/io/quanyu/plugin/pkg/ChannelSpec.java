package io.quanyu.plugin.pkg;

import java.util.List;

/**
 * A messaging channel the plugin connects.
 *
 * @param name          channel name, unique among the plugin's channels
 * @param identityTypes customer identity types it can send to ({@code phone}, {@code wechat_openid}, ...)
 * @param capabilities  message kinds it supports ({@code text}, {@code image}, ...)
 */
public record ChannelSpec(String name, List<String> identityTypes, List<String> capabilities) {
    public ChannelSpec {
        identityTypes = List.copyOf(identityTypes);
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }
}
