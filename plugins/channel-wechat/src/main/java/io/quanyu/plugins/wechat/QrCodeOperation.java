package io.quanyu.plugins.wechat;

import com.google.gson.JsonObject;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import me.chanjar.weixin.mp.bean.result.WxMpQrCodeTicket;
import me.chanjar.weixin.mp.enums.WxMpApiUrl;
import org.pf4j.Extension;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code qrCode}: a parametric QR code (带参数二维码) of an official account, for channel attribution: a poster, a
 * shop counter, an ad. The scene string travels with every scan: a person who did not follow yet follows and is
 * tracked as {@code wechat.subscribe} with the scene, a follower as {@code wechat.scan}. Temporary codes
 * ({@code expireSeconds}, at most 30 days) are {@code QR_STR_SCENE}, permanent ones {@code QR_LIMIT_STR_SCENE} (WeChat
 * allows 100,000 per account). Answers WeChat's ticket, the image's address on WeChat's mp host, and the URL the image
 * encodes.
 */
@Extension
public class QrCodeOperation implements Operation {

    @Override
    public String name() {
        return "qrCode";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        return AccountCalls.run(request, "appId", api -> {
            Object seconds = request.input().get("expireSeconds");
            boolean permanent = !(seconds instanceof Number);
            JsonObject scene = new JsonObject();
            scene.addProperty("scene_str", String.valueOf(request.input().get("scene")));
            JsonObject info = new JsonObject();
            info.add("scene", scene);
            JsonObject body = new JsonObject();
            if (!permanent) {
                body.addProperty("expire_seconds", ((Number) seconds).intValue());
            }
            body.addProperty("action_name", permanent ? "QR_LIMIT_STR_SCENE" : "QR_STR_SCENE");
            body.add("action_info", info);
            WxMpQrCodeTicket ticket = WxMpQrCodeTicket.fromJson(api.post(WxMpApiUrl.Qrcode.QRCODE_CREATE,
                    body.toString()));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ticket", ticket.getTicket());
            out.put("imageUrl", String.format(WxMpApiUrl.Qrcode.SHOW_QRCODE_WITH_TICKET.getUrl(
                    api.account().wxConfig()), AccessTokens.encode(ticket.getTicket())));
            out.put("url", ticket.getUrl());
            out.put("permanent", permanent);
            if (!permanent) {
                out.put("expireSeconds", ticket.getExpireSeconds());
            }
            return OperationResult.ok(out);
        });
    }
}
