package io.quanyu.plugin.pkg;

/**
 * A partner callback or customer-facing endpoint, served at {@code /hooks/{tenant}/{plugin}/{path}}.
 *
 * @param path     the sub-path, unique among the plugin's webhooks
 * @param customer whether a caller needs a customer session of the tenant ({@code "auth": "customer"}): the
 *                 platform verifies it before the plugin is called and hands the plugin the customer's id
 */
public record WebhookSpec(String path, boolean customer) {

    /** An endpoint anyone may call (the plugin checks its partner's signature itself). */
    public WebhookSpec(String path) {
        this(path, false);
    }
}
