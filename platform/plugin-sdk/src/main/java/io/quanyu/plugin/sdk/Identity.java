package io.quanyu.plugin.sdk;

import org.jspecify.annotations.Nullable;

import java.util.Objects;

/**
 * One way a customer is known. Scoped types are unique only within their scope: a WeChat {@code wechat_openid}
 * within the official account's app id, a {@code buyer_id} within a shop. The platform normalises values before it
 * stores or compares them (E.164 phones, lower-case e-mail, trimmed others) and refuses an unknown type, a scoped
 * type without a scope and a value it cannot normalise.
 *
 * @param type  an identity type: {@code member_no phone wechat_unionid wecom_external_userid email wechat_openid
 *              buyer_id device_id}, or one the tenant declared
 * @param scope the scope of a scoped type (for example the app id {@code wx8f2c...}); null for the others
 * @param value the identity's value as given
 * @since 1.1
 */
@PublicApi
public record Identity(String type, @Nullable String scope, String value) {
    public Identity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    /** An identity of an unscoped type, for example {@code Identity.of("phone", "13800138000")}. */
    public static Identity of(String type, String value) {
        return new Identity(type, null, value);
    }

    /** An identity of a scoped type, for example {@code Identity.scoped("wechat_openid", appId, openid)}. */
    public static Identity scoped(String type, String scope, String value) {
        return new Identity(type, Objects.requireNonNull(scope, "scope"), value);
    }
}
