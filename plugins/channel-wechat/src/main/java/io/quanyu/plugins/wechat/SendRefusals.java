package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.channel.SendResult;

/**
 * WeChat's refusals of a send as the platform's stable codes: whether the delivery service falls back to the next
 * channel (not retryable) or tries again later (retryable).
 */
final class SendRefusals {
    static final String UNAVAILABLE = "WECHAT_UNAVAILABLE";

    private SendRefusals() {
    }

    static SendResult of(WeChatApiException e) {
        String message = e.getMessage();
        return switch (e.errcode()) {
            case 43004 -> SendResult.failed("WECHAT_NOT_FOLLOWER", "the customer does not follow the account: "
                    + message, false);
            case 45015, 45047 -> SendResult.failed("WECHAT_WINDOW_CLOSED", "outside the customer-service window: "
                    + message, false);
            case 45009 -> SendResult.failed("WECHAT_QUOTA_EXCEEDED", "the account's daily quota is used up: "
                    + message, false);
            case 45011 -> SendResult.failed("WECHAT_RATE_LIMITED", message, true);
            case 40003 -> SendResult.failed("WECHAT_OPENID_INVALID", message, false);
            case 40037 -> SendResult.failed("WECHAT_TEMPLATE_INVALID", message, false);
            case 47003 -> SendResult.failed("WECHAT_TEMPLATE_DATA_INVALID", message, false);
            case 40001, 40013, 40014, 40125, 40164, 40243, 42001 -> SendResult.failed("WECHAT_CREDENTIALS_REJECTED",
                    "WeChat refused the account's AppID, AppSecret, access token or server IP: " + message, false);
            case WeChatApiException.BUSY -> SendResult.failed(UNAVAILABLE, message, true);
            default -> SendResult.failed("WECHAT_REFUSED", message, false);
        };
    }
}
