package io.quanyu.plugin.sdk.webhook;

import io.quanyu.plugin.sdk.PublicSpi;
import org.pf4j.ExtensionPoint;

/**
 * Receives partners' HTTP callbacks (WeChat messages, payment notices, shop order feeds) at
 * {@code /hooks/{tenant}/{plugin}/{path}}, only for tenants that enabled the plugin. Callers are not logged in: the
 * handler checks the partner's signature itself (for example with a secret from the tenant's settings).
 */
@PublicSpi
public interface WebhookHandler extends ExtensionPoint {

    /** The first path segment after the plugin id that this handler serves, for example {@code wechat}. */
    String path();

    /** Handles one callback. */
    WebhookResponse handle(WebhookRequest request);
}
