package io.quanyu.plugin.sdk.channel;

import io.quanyu.plugin.sdk.PublicApi;
import org.jspecify.annotations.Nullable;

import java.util.Objects;

/**
 * Whom to send to.
 *
 * @param identityType the identity type the channel reaches, for example {@code phone} or {@code wechat_openid}
 * @param scope        the scope of a scoped type, for example the official account's app id for a
 *                     {@code wechat_openid}; null for unscoped types
 * @param identity     the identity value, normalised as the platform stores it, for example {@code +8613800138000}
 * @param customerId   the customer profile's id, when known
 * @since 1.1 (the scope)
 */
@PublicApi
public record Recipient(String identityType, @Nullable String scope, String identity, @Nullable String customerId) {
    public Recipient {
        Objects.requireNonNull(identityType, "identityType");
        Objects.requireNonNull(identity, "identity");
    }
}
