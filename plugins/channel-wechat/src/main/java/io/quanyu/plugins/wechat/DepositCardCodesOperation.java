package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.List;

/**
 * {@code depositCardCodes}: hands up to 100 of the platform's codes to a card made by {@code createCard} and raises
 * its stock to match, so each code can be added to one person's card package with {@code addCardParams}. Answers the
 * codes deposited, those WeChat had already (a retry), those it refused, and the card's stock.
 */
@Extension
public class DepositCardCodesOperation implements Operation {

    @Override
    public String name() {
        return "depositCardCodes";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        List<String> codes = ((List<?>) request.input().get("codes")).stream().map(String::valueOf).toList();
        return AccountCalls.run(request, "appId", api -> OperationResult.ok(new WeChatCards(api)
                .deposit(String.valueOf(request.input().get("cardId")), codes)));
    }
}
