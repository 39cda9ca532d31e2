package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import org.pf4j.Extension;

/**
 * {@code /hooks/{tenant}/sdk-contract/me}, a customer's own page ({@code "auth": "customer"}): the platform lets only
 * a caller with a session of the tenant's customer through, and names the customer. {@code GET} answers the customer
 * id; {@code POST me/logout} ends every session of the customer.
 */
@Extension
public class MeWebhook implements WebhookHandler {
    static final String PATH = "me";

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public WebhookResponse handle(WebhookRequest request) {
        if (request.method().equals("POST") && request.subPath().equals("/logout")) {
            request.context().sessions().revokeAll(request.customerId());
            return WebhookResponse.json(200, "{\"loggedOut\": true}");
        }
        return WebhookResponse.json(200, "{\"customerId\": \"" + request.customerId() + "\"}")
                .withHeader("Cache-Control", "private, no-store");
    }
}
