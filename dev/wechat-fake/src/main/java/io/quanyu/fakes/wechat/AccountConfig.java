package io.quanyu.fakes.wechat;

import java.util.List;
import java.util.Objects;

/**
 * What a developer configures for an Official Account in the console: credentials, the callback token and
 * EncodingAESKey, the message mode, the callback URL and the approved template ids. Immutable; an account's
 * configuration is replaced as a whole.
 *
 * @param callbackUrl the developer's server URL; {@code null} until one is saved (then nothing is delivered)
 * @param originalId  the account's original id ({@code gh_...}), the {@code ToUserName} of every callback
 */
public record AccountConfig(String appId, String appSecret, String token, String encodingAesKey, MessageMode mode,
                            String callbackUrl, String originalId, List<String> templateIds) {

    public AccountConfig {
        Objects.requireNonNull(appId, "appId");
        if (appId.isBlank()) {
            throw new IllegalArgumentException("appId is blank");
        }
        Objects.requireNonNull(appSecret, "appSecret");
        Objects.requireNonNull(token, "token");
        MessageCrypto.decodeKey(encodingAesKey);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(originalId, "originalId");
        templateIds = List.copyOf(templateIds);
    }

    /** A plain-mode account with a random EncodingAESKey, no callback URL and no templates. */
    public static AccountConfig of(String appId, String appSecret, String token) {
        return new AccountConfig(appId, appSecret, token, MessageCrypto.randomEncodingAesKey(), MessageMode.PLAIN, null,
                defaultOriginalId(appId), List.of());
    }

    static String defaultOriginalId(String appId) {
        return "gh_" + Signatures.sha1Sorted(appId).substring(0, 12);
    }

    public AccountConfig withMode(MessageMode newMode) {
        return new AccountConfig(appId, appSecret, token, encodingAesKey, newMode, callbackUrl, originalId, templateIds);
    }

    public AccountConfig withCallbackUrl(String url) {
        return new AccountConfig(appId, appSecret, token, encodingAesKey, mode, url, originalId, templateIds);
    }

    public AccountConfig withTemplateIds(List<String> ids) {
        return new AccountConfig(appId, appSecret, token, encodingAesKey, mode, callbackUrl, originalId, ids);
    }

    MessageCrypto crypto() {
        return new MessageCrypto(encodingAesKey, appId);
    }
}
