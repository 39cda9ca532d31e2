package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.Map;

/**
 * {@code makeCardCodeUnavailable}: a code the platform voided or expired can no longer be used in WeChat (it stays
 * in the card package, marked unusable). Refused with {@code WECHAT_REFUSED} 40099 when it was used already.
 */
@Extension
public class MakeCardCodeUnavailableOperation implements Operation {

    @Override
    public String name() {
        return "makeCardCodeUnavailable";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        Map<String, Object> input = request.input();
        return AccountCalls.run(request, "appId", api -> {
            new WeChatCards(api).makeUnavailable(String.valueOf(input.get("cardId")), String.valueOf(input.get("code")),
                    String.valueOf(input.getOrDefault("reason", "voided")));
            return OperationResult.ok(Map.of("unavailable", true));
        });
    }
}
