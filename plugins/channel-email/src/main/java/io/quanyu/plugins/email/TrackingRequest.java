package io.quanyu.plugins.email;

import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;

import java.util.Optional;

/**
 * What the tracking webhooks share: the send id in the path ({@code /<sendId>} and an optional suffix such as
 * {@code .gif}), and the answers to a request that names no send or carries no valid signature. Every answer of
 * theirs is {@code Cache-Control: no-store}, so that a proxy neither serves nor keeps one reader's answer for another.
 */
final class TrackingRequest {

    private TrackingRequest() {
    }

    /** The send id in the request's path, when it is one path segment ending with {@code suffix}. */
    static Optional<String> sendId(WebhookRequest request, String suffix) {
        String path = request.subPath();
        if (!path.startsWith("/") || !path.endsWith(suffix)) {
            return Optional.empty();
        }
        String sendId = path.substring(1, path.length() - suffix.length());
        return sendId.isEmpty() || sendId.contains("/") ? Optional.empty() : Optional.of(sendId);
    }

    static WebhookResponse notFound() {
        return uncached(WebhookResponse.text(404, "no such message"));
    }

    static WebhookResponse forged() {
        return uncached(WebhookResponse.text(403, "this link is not one of ours"));
    }

    static WebhookResponse methodNotAllowed() {
        return uncached(WebhookResponse.text(405, "method not allowed"));
    }

    static WebhookResponse uncached(WebhookResponse response) {
        return response.withHeader("Cache-Control", "no-store");
    }
}
