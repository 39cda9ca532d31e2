package io.quanyu.plugin.sdk.channel;

import io.quanyu.plugin.sdk.PublicApi;
import org.jspecify.annotations.Nullable;

import java.util.Map;

/**
 * What to send.
 *
 * @param template the channel's template id, when the channel sends templates; null for free text
 * @param text     free text (or a fallback rendering of the template)
 * @param data     template parameters or rich content, by name
 */
@PublicApi
public record Message(@Nullable String template, @Nullable String text, Map<String, Object> data) {
    public Message {
        data = Map.copyOf(data);
    }
}
