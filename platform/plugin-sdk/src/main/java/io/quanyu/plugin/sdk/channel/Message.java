package io.quanyu.plugin.sdk.channel;

import io.quanyu.plugin.sdk.PublicApi;
import org.jspecify.annotations.Nullable;

import java.util.Map;

/**
 * What to send: a tenant's template rendered for one customer by the delivery service. The template's content is a
 * JSON object whose strings are rendered ({@code {{customer.firstName}}}, {@code {{vars.code}}}); its
 * {@code template} entry becomes {@link #template()}, its {@code text} entry {@link #text()}, and every other entry
 * {@link #data()}. The conventions the first-party channels follow:
 * <ul>
 *   <li>e-mail: {@code data.subject}, {@code data.html} (values HTML-escaped), {@code text} for the plain part;</li>
 *   <li>SMS: {@code template} the provider's template code, {@code data.params} its variables by name;</li>
 *   <li>WeChat template message: {@code template} the template id, {@code data.data} the keyword values,
 *       {@code data.url} the page it opens; customer-service text: {@code text}.</li>
 * </ul>
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
