package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.Map;

/**
 * {@code consumeCardCode}: marks a code used in WeChat (核销), for a redemption the platform made; WeChat then pushes
 * {@code user_consume_card}, tracked as {@code wechat.card_consumed}. Refused with {@code WECHAT_REFUSED} and WeChat's
 * errcode: 40099 used already, 40127 deleted or being gifted, 40079 outside its dates, 40056 unknown.
 */
@Extension
public class ConsumeCardCodeOperation implements Operation {

    @Override
    public String name() {
        return "consumeCardCode";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        return AccountCalls.run(request, "appId", api -> OperationResult.ok(Map.of("openId", new WeChatCards(api)
                .consume(String.valueOf(request.input().get("cardId")), String.valueOf(request.input().get("code"))))));
    }
}
