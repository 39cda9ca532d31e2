package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code syncTag}: a platform tag as a WeChat follower tag (用户标签), so that a segment reaches WeChat's own tools (a
 * personalised menu, a tag's mass send), for customers who carried the tag before it was synced (the
 * {@code syncedTags} setting keeps changes in step from then on). Of the customers given, those who carry the
 * platform tag and follow the account (have its openid) get the WeChat tag of the same name, created when the
 * account has none; the others, and followers WeChat refuses alone, are counted as skipped.
 */
@Extension
public class TagSyncOperation implements Operation {

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
                Optional<String> openId = request.context().customers().profile(String.valueOf(customerId))
                        .filter(p -> p.tags().contains(tag))
                        .flatMap(p -> WeChatTags.openIdOf(p.identities(), api.account().appId()));
                if (openId.isPresent()) {
                    openIds.add(openId.get());
                } else {
                    skipped++;
                }
            }
            WeChatTags tags = new WeChatTags(api, request.context());
            int refused = tags.change(tag, openIds, true).size();
            return OperationResult.ok(Map.of("tagId", tags.ensure(tag), "tagged", openIds.size() - refused,
                    "skipped", skipped + refused));
        });
    }
}
