package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * {@code createCard}: a card or coupon (卡券) of an official account for codes the platform makes (custom codes in
 * deposit mode, stock 0 until {@code depositCardCodes}): cash off above a threshold, a percentage off, a gift, or a
 * general coupon; valid between two instants or for some days after it is added. Refused with
 * {@code WECHAT_CARD_INVALID} when the kind's amount or the validity is missing, and with {@code WECHAT_REFUSED} and
 * WeChat's errcode when WeChat refuses it (45021: the title is over 9 characters or the brand over 12).
 */
@Extension
public class CreateCardOperation implements Operation {
    static final String INVALID = "WECHAT_CARD_INVALID";

    @Override
    public String name() {
        return "createCard";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        Map<String, Object> input = request.input();
        String problem = problem(input);
        if (problem != null) {
            return OperationResult.refused(INVALID, problem);
        }
        return AccountCalls.run(request, "appId", api -> OperationResult.ok(Map.of("cardId",
                new WeChatCards(api).create(input))));
    }

    private static String problem(Map<String, Object> input) {
        String kind = String.valueOf(input.get("kind"));
        if ("cash".equals(kind) && !(input.get("amountOff") instanceof Number)) {
            return "a cash card needs amountOff";
        }
        if ("discount".equals(kind) && !(input.get("percentOff") instanceof Number)) {
            return "a discount card needs percentOff";
        }
        if (("gift".equals(kind) || "general".equals(kind)) && !(input.get("detail") instanceof String)) {
            return "a " + kind + " card needs detail (what it gives)";
        }
        if (input.get("validDays") instanceof Number) {
            return input.containsKey("validFrom") || input.containsKey("validTo")
                    ? "validDays or validFrom and validTo, not both" : null;
        }
        try {
            if (!(input.get("validFrom") instanceof String from) || !(input.get("validTo") instanceof String to)) {
                return "validDays, or validFrom and validTo";
            }
            return Instant.parse(to).isAfter(Instant.parse(from)) ? null : "validTo must be after validFrom";
        } catch (DateTimeParseException e) {
            return "validFrom and validTo are instants such as 2026-12-12T00:00:00Z";
        }
    }
}
