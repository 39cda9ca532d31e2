package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code addCardParams}: what an H5 page inside WeChat needs to put one deposited code into the follower's card
 * package: {@code wx.config}'s fields for the page's URL, and the {@code cardId} and signed {@code cardExt} for
 * {@code wx.addCard}, and the address of WeChat's JS-SDK script to load ({@code jsSdkUrl}). With {@code openId} the code can be added by that follower only. The signatures use the
 * account's {@code jsapi} and {@code wx_card} tickets, fetched and kept by the plugin.
 */
@Extension
public class AddCardParamsOperation implements Operation {

    @Override
    public String name() {
        return "addCardParams";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        Map<String, Object> input = request.input();
        return AccountCalls.run(request, "appId", api -> {
            JsTickets tickets = new JsTickets(api, request.context().store().sealed());
            long timestamp = request.context().now().getEpochSecond();
            String cardId = String.valueOf(input.get("cardId"));
            Map<String, Object> out = new LinkedHashMap<>();
            if (input.get("url") instanceof String url) {
                out.put("config", tickets.config(url, timestamp));
                out.put("jsSdkUrl", WeChatSettings.from(request.context().settings()).jsSdkUrl());
            }
            out.put("cardId", cardId);
            out.put("cardExt", tickets.cardExt(cardId, String.valueOf(input.get("code")),
                    (String) input.get("openId"), (String) input.get("outerStr"), timestamp));
            return OperationResult.ok(out);
        });
    }
}
