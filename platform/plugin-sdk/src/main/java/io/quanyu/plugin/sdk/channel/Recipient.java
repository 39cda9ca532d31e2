package io.quanyu.plugin.sdk.channel;

import io.quanyu.plugin.sdk.PublicApi;
import org.jspecify.annotations.Nullable;

import java.util.Objects;

/**
 * Whom to send to.
 *
 * @param identityType the identity type the channel reaches, for example {@code phone} or {@code wechat_openid}
 * @param identity     the identity value, for example {@code +8613800138000}
 * @param customerId   the customer profile's id, when known
 */
@PublicApi
public record Recipient(String identityType, String identity, @Nullable String customerId) {
    public Recipient {
        Objects.requireNonNull(identityType, "identityType");
        Objects.requireNonNull(identity, "identity");
    }
}
