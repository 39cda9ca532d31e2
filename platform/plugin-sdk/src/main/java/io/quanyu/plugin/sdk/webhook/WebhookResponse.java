package io.quanyu.plugin.sdk.webhook;

import io.quanyu.plugin.sdk.PublicApi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The answer to a callback or a customer's request.
 * <p>
 * Headers are the plugin's own ({@code Cache-Control}, {@code Location}, {@code Set-Cookie}, {@code List-Unsubscribe},
 * ...); names are case-insensitive and kept in lower case. The platform sets the framing and security headers itself
 * and refuses a response that names one of them ({@code content-type}, {@code content-length},
 * {@code transfer-encoding}, {@code connection}, {@code date}, {@code server}, {@code strict-transport-security}), a
 * name that is not an HTTP token, or a value with a line break ({@code PLUGIN_BAD_RESULT}, answered as 502).
 *
 * @param status      HTTP status, 200 to 599
 * @param contentType the body's media type, for example {@code text/plain; charset=utf-8}
 * @param body        the body
 * @param headers     further headers, names in lower case (since 1.1)
 */
@PublicApi
public record WebhookResponse(int status, String contentType, byte[] body, Map<String, List<String>> headers) {

    public WebhookResponse {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        (headers == null ? Map.<String, List<String>>of() : headers).forEach((name, values) ->
                lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
        lower.replaceAll((k, v) -> List.copyOf(v));
        headers = java.util.Collections.unmodifiableMap(lower);
    }

    /** An answer without further headers (the SDK 1.0 shape). */
    public WebhookResponse(int status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    public static WebhookResponse text(int status, String text) {
        return new WebhookResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    public static WebhookResponse json(int status, String json) {
        return new WebhookResponse(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Any bytes: an image (a tracking pixel), a file, a page.
     *
     * @since 1.1
     */
    public static WebhookResponse bytes(int status, String contentType, byte[] body) {
        return new WebhookResponse(status, contentType, body);
    }

    /**
     * A {@code 302 Found} to {@code location} (an absolute {@code http}/{@code https} URL, or a path on this platform
     * starting with {@code /}): a click redirect, the next step of an OAuth flow.
     *
     * @throws IllegalArgumentException for any other location
     * @since 1.1
     */
    public static WebhookResponse redirect(String location) {
        String lower = location == null ? "" : location.toLowerCase(Locale.ROOT);
        boolean absolute = lower.startsWith("https://") || lower.startsWith("http://");
        boolean local = lower.startsWith("/") && !lower.startsWith("//") && !lower.startsWith("/\\");
        if (!(absolute || local) || location.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("redirect to an http(s) URL or a path starting with /, not " + location);
        }
        return new WebhookResponse(302, "text/plain; charset=utf-8", new byte[0], Map.of("location", List.of(location)));
    }

    /**
     * This answer with one more header value.
     *
     * @since 1.1
     */
    public WebhookResponse withHeader(String name, String value) {
        Map<String, List<String>> more = new LinkedHashMap<>(headers);
        List<String> values = new ArrayList<>(more.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
        values.add(value);
        more.put(name.toLowerCase(Locale.ROOT), values);
        return new WebhookResponse(status, contentType, body, more);
    }

    /** The first value of a header (name in any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
