package io.quanyu.plugin.sdk.channel;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PublicApi;

/**
 * One send.
 *
 * @param context   the tenant-scoped services for this call
 * @param recipient whom to send to
 * @param message   what to send
 * @param sendId    unique per send; the same id means the same send retried (send at most once per id)
 */
@PublicApi
public record MessageRequest(PluginContext context, Recipient recipient, Message message, String sendId) {
}
