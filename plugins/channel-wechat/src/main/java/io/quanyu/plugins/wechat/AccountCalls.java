package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;

import java.util.Optional;
import java.util.function.Function;

/**
 * What every operation on an official account does around its WeChat calls: find the account the input names, and
 * answer WeChat's refusals and an unreachable WeChat as refusals with stable codes
 * ({@code WECHAT_ACCOUNT_UNKNOWN}, {@code WECHAT_REFUSED} with WeChat's errcode, {@code WECHAT_UNAVAILABLE}).
 */
final class AccountCalls {

    private AccountCalls() {
    }

    static OperationResult run(OperationRequest request, String accountInput, Function<WeChatApi, OperationResult> body) {
        String appId = String.valueOf(request.input().get(accountInput));
        WeChatSettings settings = WeChatSettings.from(request.context().settings());
        Optional<OfficialAccount> account = settings.account(appId);
        if (account.isEmpty()) {
            return OperationResult.refused("WECHAT_ACCOUNT_UNKNOWN", "the official account " + appId
                    + " is not set up" + (settings.problems().isEmpty() ? "" : ": " + settings.problems()));
        }
        try {
            return body.apply(new WeChatApi(request.context(), account.get()));
        } catch (WeChatApiException e) {
            return OperationResult.refused("WECHAT_REFUSED", e.getMessage());
        } catch (PluginException e) {
            return OperationResult.refused(SendRefusals.UNAVAILABLE, "WeChat cannot be reached: " + e.getMessage());
        }
    }
}
