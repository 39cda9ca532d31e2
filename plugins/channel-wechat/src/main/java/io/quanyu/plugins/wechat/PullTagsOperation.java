package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.job.JobResult;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.Map;

/** {@code pullTags}: the {@link TagsFromWeChat} pull now, for a tenant who changed tags in WeChat's console. */
@Extension
public class PullTagsOperation implements Operation {

    @Override
    public String name() {
        return "pullTags";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        JobResult result = TagsFromWeChat.pullAll(request.context());
        return result.failure() == null ? OperationResult.ok(Map.of("summary", result.summary()))
                : OperationResult.refused(result.failure().code(), result.failure().message());
    }
}
