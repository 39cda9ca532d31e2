package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PluginException;
import me.chanjar.weixin.common.error.WxError;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * One request to WeChat through the platform's HTTP client ({@code context.http()}: the manifest's egress, the
 * platform's timeouts), and WeChat's answer read with WxJava's {@link WxError}: an answer with a non-zero
 * {@code errcode} (WeChat answers errors with HTTP 200) becomes a {@link WeChatApiException}.
 */
final class WeChatHttp {
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);
    private static final Duration SHORTEST_WAIT = Duration.ofSeconds(1);

    private final PluginContext context;

    WeChatHttp(PluginContext context) {
        this.context = context;
    }

    /**
     * The answer's body.
     *
     * @throws PluginException the HTTP client's code when WeChat could not be reached ({@code HTTP_FAILED},
     *                         {@code EGRESS_NOT_DECLARED}, ...), {@code WECHAT_BAD_ANSWER} for an HTTP error status
     * @throws WeChatApiException when WeChat refused the call
     */
    String call(HttpRequest.Builder request) {
        HttpResponse<String> response = context.http().send(request.timeout(waitFor()).build());
        if (response.statusCode() != 200) {
            throw new PluginException("WECHAT_BAD_ANSWER", "WeChat answered HTTP " + response.statusCode());
        }
        String body = response.body();
        if (body.stripLeading().startsWith("{")) {
            WxError error = WxError.fromJson(body);
            if (error.getErrorCode() != 0) {
                throw new WeChatApiException(error.getErrorCode(), error.getErrorMsg());
            }
        }
        return body;
    }

    /** As long as WeChat may take, within the platform's deadline for this call. */
    private Duration waitFor() {
        Duration left = Duration.between(Instant.now(), context.deadline()).minus(SHORTEST_WAIT);
        return left.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : left.compareTo(SHORTEST_WAIT) < 0 ? SHORTEST_WAIT : left;
    }
}
