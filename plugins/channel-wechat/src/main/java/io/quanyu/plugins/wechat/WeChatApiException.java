package io.quanyu.plugins.wechat;

/**
 * WeChat answered a call with an error code ({@code {"errcode": 45015, "errmsg": "..."}}): the request reached
 * WeChat and was refused. Not thrown when WeChat could not be reached (that is the platform's
 * {@link io.quanyu.plugin.sdk.PluginException} of its HTTP client).
 */
final class WeChatApiException extends RuntimeException {
    /** System busy: nothing was done, try later. */
    static final int BUSY = -1;

    private final int errcode;

    WeChatApiException(int errcode, String errmsg) {
        super("WeChat answered " + errcode + ": " + errmsg);
        this.errcode = errcode;
    }

    int errcode() {
        return errcode;
    }

    /** Whether the access token used was refused (invalid, superseded or expired). */
    boolean tokenRejected() {
        return errcode == 40001 || errcode == 40014 || errcode == 42001;
    }
}
