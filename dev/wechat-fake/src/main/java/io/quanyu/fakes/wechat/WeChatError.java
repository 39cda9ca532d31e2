package io.quanyu.fakes.wechat;

/**
 * An error answer of the WeChat APIs: HTTP 200 with {@code {"errcode":N,"errmsg":"... rid: ..."}} (reference §3).
 * The factory methods carry the codes and texts of the reference; those it does not list are from WeChat's global
 * return code table with English texts of our own (see the README).
 */
final class WeChatError extends RuntimeException {

    final int code;

    WeChatError(int code, String errmsg) {
        super(errmsg);
        this.code = code;
    }

    static WeChatError invalidCredential() {
        return new WeChatError(40001, "invalid credential, access_token is invalid or not latest");
    }

    static WeChatError invalidGrantType() {
        return new WeChatError(40002, "invalid grant_type");
    }

    static WeChatError invalidOpenId() {
        return new WeChatError(40003, "invalid openid");
    }

    static WeChatError invalidAppId() {
        return new WeChatError(40013, "invalid appid");
    }

    static WeChatError invalidCode() {
        return new WeChatError(40029, "invalid code");
    }

    static WeChatError invalidTemplateId() {
        return new WeChatError(40037, "invalid template_id");
    }

    static WeChatError invalidAppSecret() {
        return new WeChatError(40125, "invalid appsecret");
    }

    static WeChatError codeBeenUsed() {
        return new WeChatError(40163, "code been used");
    }

    static WeChatError invalidArgs(String detail) {
        return new WeChatError(40097, "invalid args: " + detail);
    }

    static WeChatError accessTokenMissing() {
        return new WeChatError(41001, "access_token missing");
    }

    static WeChatError appIdMissing() {
        return new WeChatError(41002, "appid missing");
    }

    static WeChatError accessTokenExpired() {
        return new WeChatError(42001, "access_token expired");
    }

    static WeChatError requireSubscribe() {
        return new WeChatError(43004, "require subscribe");
    }

    static WeChatError dailyQuota() {
        return new WeChatError(45009, "reach max api daily quota limit");
    }

    static WeChatError outOfTimeLimit() {
        return new WeChatError(45015, "response out of time limit or subscription is canceled");
    }

    static WeChatError outOfResponseCount() {
        return new WeChatError(45047, "out of response count limit");
    }

    static WeChatError dataFormat() {
        return new WeChatError(47001, "data format error");
    }

    static WeChatError apiUnauthorized() {
        return new WeChatError(48001, "api unauthorized");
    }
}
