package io.quanyu.plugins.wechat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.quanyu.plugin.sdk.Customers;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import me.chanjar.weixin.mp.bean.tag.WxUserTag;
import me.chanjar.weixin.mp.enums.WxMpApiUrl;
import org.pf4j.Extension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code syncTag}: a platform tag as a WeChat follower tag (用户标签), so that a segment reaches WeChat's own tools (a
 * personalised menu, a tag's mass send). Of the customers given, those who carry the platform tag and follow the
 * account (have its openid) get the WeChat tag of the same name, created when the account has none; the others are
 * counted as skipped. WeChat tags 50 followers per call.
 */
@Extension
public class TagSyncOperation implements Operation {
    private static final int BATCH = 50;

    @Override
    public String name() {
        return "syncTag";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        return AccountCalls.run(request, "appId", api -> {
            String tag = String.valueOf(request.input().get("tag"));
            List<String> openIds = new ArrayList<>();
            int skipped = 0;
            for (Object customerId : (List<?>) request.input().get("customerIds")) {
                Optional<String> openId = openIdOf(request.context().customers(), String.valueOf(customerId), tag,
                        api.account().appId());
                if (openId.isPresent()) {
                    openIds.add(openId.get());
                } else {
                    skipped++;
                }
            }
            long tagId = tagId(api, tag);
            for (int from = 0; from < openIds.size(); from += BATCH) {
                JsonObject body = new JsonObject();
                JsonArray list = new JsonArray();
                openIds.subList(from, Math.min(openIds.size(), from + BATCH)).forEach(list::add);
                body.add("openid_list", list);
                body.addProperty("tagid", tagId);
                api.post(WxMpApiUrl.UserTag.TAGS_MEMBERS_BATCHTAGGING, body.toString());
            }
            return OperationResult.ok(Map.of("tagId", tagId, "tagged", openIds.size(), "skipped", skipped));
        });
    }

    /** The customer's openid of the account, when the customer carries the platform tag. */
    private static Optional<String> openIdOf(Customers customers, String customerId, String tag, String appId) {
        return customers.profile(customerId).filter(p -> p.tags().contains(tag))
                .flatMap(p -> p.identities().stream()
                        .filter(i -> "wechat_openid".equals(i.type()) && appId.equals(i.scope()))
                        .map(Identity::value).findFirst());
    }

    /** The id of the account's WeChat tag with this name, created when there is none. */
    private static long tagId(WeChatApi api, String name) {
        Optional<Long> existing = WxUserTag.listFromJson(api.get(WxMpApiUrl.UserTag.TAGS_GET, Map.of())).stream().filter(t -> name.equals(t.getName()))
                .map(WxUserTag::getId).findFirst();
        if (existing.isPresent()) {
            return existing.get();
        }
        JsonObject tag = new JsonObject();
        tag.addProperty("name", name);
        JsonObject body = new JsonObject();
        body.add("tag", tag);
        return WxUserTag.fromJson(api.post(WxMpApiUrl.UserTag.TAGS_CREATE, body.toString())).getId();
    }
}
