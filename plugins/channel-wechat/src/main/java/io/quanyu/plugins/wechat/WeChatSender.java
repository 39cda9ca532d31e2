package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.channel.MessageRequest;
import io.quanyu.plugin.sdk.channel.Recipient;
import io.quanyu.plugin.sdk.channel.SendResult;
import me.chanjar.weixin.mp.enums.WxMpApiUrl;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.util.Optional;
import java.util.Set;

/**
 * What both WeChat channels do with a send: find the official account the recipient's openid belongs to (its
 * scope), let the channel compose WeChat's JSON, send it at most once per send id ({@link SendLedger}) through the
 * account's {@link WeChatApi}, and answer every problem as a {@link SendResult} with a stable code.
 */
final class WeChatSender {
    /** The platform's refusals of an address the manifest's egress does not allow: no retry changes them. */
    private static final Set<String> FORBIDDEN = Set.of("EGRESS_NOT_DECLARED", "EGRESS_ADDRESS_BLOCKED");
    /** Refusals that happen before the message leaves: it certainly was not sent. */
    private static final Set<String> BEFORE_SENDING = Set.of(AccessTokens.BUSY, AccessTokens.UNAVAILABLE);

    /** One channel's message: the API it goes to, its JSON, and the message id in WeChat's answer. */
    interface Composer {
        WxMpApiUrl api();

        /**
         * WeChat's JSON for the message to {@code openId}.
         *
         * @throws IllegalArgumentException naming what the message lacks
         */
        String json(MessageRequest request, String openId);

        /** The message id to answer: WeChat's msgid, or the send id when WeChat answers none. */
        String messageId(String answer, String sendId);
    }

    private WeChatSender() {
    }

    static SendResult send(MessageRequest request, Composer composer) {
        PluginContext context = request.context();
        Recipient recipient = request.recipient();
        if (!"wechat_openid".equals(recipient.identityType())) {
            return SendResult.failed("WECHAT_NOT_AN_OPENID", "WeChat reaches wechat_openid identities, not "
                    + recipient.identityType(), false);
        }
        WeChatSettings settings = WeChatSettings.from(context.settings());
        Optional<OfficialAccount> account = recipient.scope() == null ? Optional.empty()
                : settings.account(recipient.scope());
        if (account.isEmpty()) {
            return SendResult.failed("WECHAT_ACCOUNT_UNKNOWN", "the openid's official account " + recipient.scope()
                    + " is not set up" + (settings.problems().isEmpty() ? "" : ": " + settings.problems()), false);
        }
        String json;
        try {
            json = composer.json(request, recipient.identity());
        } catch (IllegalArgumentException e) {
            return SendResult.failed("WECHAT_MESSAGE_INVALID", e.getMessage(), false);
        }
        SendLedger ledger = new SendLedger(context.store());
        String sendId = request.sendId();
        Optional<SendResult> earlier = ledger.earlier(sendId);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        if (!ledger.claim(sendId)) {
            return ledger.earlier(sendId).orElseGet(() -> SendResult.failed(SendLedger.IN_DOUBT,
                    "another attempt of this send is under way", false));
        }
        try {
            String answer = new WeChatApi(context, account.get()).post(composer.api(), json);
            String messageId = composer.messageId(answer, sendId);
            ledger.sent(sendId, account.get().appId(), messageId);
            return SendResult.sent(messageId);
        } catch (WeChatApiException e) {
            ledger.release(sendId);
            return SendRefusals.of(e);
        } catch (PluginException e) {
            if (FORBIDDEN.contains(e.code())) {
                ledger.release(sendId);
                return SendResult.failed("WECHAT_ENDPOINT_NOT_ALLOWED", e.getMessage(), false);
            }
            if (BEFORE_SENDING.contains(e.code()) || neverConnected(e)) {
                ledger.release(sendId);
                return SendResult.failed(SendRefusals.UNAVAILABLE, "WeChat cannot be reached: " + e.getMessage(),
                        true);
            }
            context.log().warn("send {} got no answer from WeChat ({}): it is not sent again", sendId, e.code());
            return SendResult.failed(SendLedger.IN_DOUBT, "no answer from WeChat: " + e.getMessage(), false);
        }
    }

    /** Whether the request failed before a connection was made (so it never reached WeChat). */
    private static boolean neverConnected(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
