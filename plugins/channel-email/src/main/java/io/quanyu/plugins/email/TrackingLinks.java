package io.quanyu.plugins.email;

import io.quanyu.plugin.sdk.PluginContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The signed addresses of one tenant's tracking webhooks, and their check: {@code open/<sendId>.gif?sig=...},
 * {@code click/<sendId>?u=<url>&sig=...} and {@code unsubscribe/<sendId>?sig=...}. A signature covers the webhook,
 * the send id and, for a click, the address it leads to.
 */
final class TrackingLinks {
    static final String OPEN = "open";
    static final String CLICK = "click";
    static final String UNSUBSCRIBE = "unsubscribe";
    /** The suffix of the open pixel's path, so that mail clients see an image. */
    static final String PIXEL_SUFFIX = ".gif";

    private final PluginContext context;
    private final LinkSigner signer;

    private TrackingLinks(PluginContext context, LinkSigner signer) {
        this.context = context;
        this.signer = signer;
    }

    /** The links of the context's tenant, for a message being sent. */
    static TrackingLinks forSending(PluginContext context) {
        return new TrackingLinks(context, LinkSigner.forSending(context.store()));
    }

    String openPixel(String sendId) {
        return context.publicUrl(OPEN + "/" + sendId + PIXEL_SUFFIX + "?sig=" + signer.sign(OPEN, sendId));
    }

    String click(String sendId, String url) {
        return context.publicUrl(CLICK + "/" + sendId + "?u=" + URLEncoder.encode(url, StandardCharsets.UTF_8)
                + "&sig=" + signer.sign(CLICK, sendId, url));
    }

    String unsubscribe(String sendId) {
        return unsubscribe(context, sendId, signer.sign(UNSUBSCRIBE, sendId));
    }

    /** The unsubscribe address again, for the confirmation page's form (its signature already checked). */
    static String unsubscribe(PluginContext context, String sendId, String signature) {
        return context.publicUrl(UNSUBSCRIBE + "/" + sendId + "?sig=" + signature);
    }

    /** Whether {@code signature} was made by this plugin for the tenant, for {@code webhook} and {@code values}. */
    static boolean signed(PluginContext context, String signature, String webhook, String... values) {
        String[] all = new String[values.length + 1];
        all[0] = webhook;
        System.arraycopy(values, 0, all, 1, values.length);
        return LinkSigner.forChecking(context.store()).map(s -> s.verifies(signature, all)).orElse(false);
    }
}
