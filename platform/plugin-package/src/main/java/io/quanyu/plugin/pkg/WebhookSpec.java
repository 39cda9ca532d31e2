package io.quanyu.plugin.pkg;

/**
 * A partner callback endpoint, served at {@code /hooks/{tenant}/{plugin}/{path}}.
 *
 * @param path the sub-path, unique among the plugin's webhooks
 */
public record WebhookSpec(String path) {
}
