package io.quanyu.plugins.wechat;

import com.google.gson.Gson;
import com.google.gson.JsonParser;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import me.chanjar.weixin.common.bean.menu.WxMenu;
import me.chanjar.weixin.common.bean.menu.WxMenuRule;
import me.chanjar.weixin.mp.enums.WxMpApiUrl;
import org.pf4j.Extension;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code setMenu}: an official account's custom menu (自定义菜单), the buttons as WeChat writes them
 * ({@code {"type": "click", "name": "...", "key": "..."}}, {@code sub_button}, ...), read and written by WxJava's
 * {@link WxMenu}. With a {@code tagId} it is a personalised menu (个性化菜单) that only followers with that WeChat tag
 * see (see {@code syncTag}); WeChat checks the menu's sizes and answers its errcode as {@code WECHAT_REFUSED}.
 */
@Extension
public class MenuOperation implements Operation {
    private static final Gson GSON = new Gson();

    @Override
    public String name() {
        return "setMenu";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        return AccountCalls.run(request, "appId", api -> {
            WxMenu menu;
            try {
                menu = WxMenu.fromJson(GSON.toJson(Map.of("menu", Map.of("button", request.input().get("buttons")))));
            } catch (RuntimeException e) {
                return OperationResult.refused("WECHAT_MENU_INVALID", "the buttons are not WeChat's menu buttons");
            }
            Object tagId = request.input().get("tagId");
            Map<String, Object> out = new LinkedHashMap<>();
            if (tagId instanceof Number tag) {
                WxMenuRule rule = new WxMenuRule();
                rule.setTagId(String.valueOf(tag.longValue()));
                menu.setMatchRule(rule);
                String answer = api.post(WxMpApiUrl.Menu.MENU_ADDCONDITIONAL, menu.toJson());
                out.put("personalised", true);
                out.put("menuId", JsonParser.parseString(answer).getAsJsonObject().get("menuid").getAsString());
            } else {
                api.post(WxMpApiUrl.Menu.MENU_CREATE, menu.toJson());
                out.put("personalised", false);
            }
            return OperationResult.ok(out);
        });
    }
}
