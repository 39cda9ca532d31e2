package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.task.TaskHandler;
import io.quanyu.plugin.sdk.task.TaskRequest;
import io.quanyu.plugin.sdk.task.TaskResult;
import org.pf4j.Extension;

import java.util.Optional;

/**
 * Processes a callback the {@link CallbackWebhook} acknowledged: a follower's action becomes a customer event
 * ({@link FollowerActivity}), a template job's result a delivery report ({@link TemplateReceipts}). A task may run
 * twice; both are idempotent (event ids and reports are keyed), and the XML is dropped once processed.
 */
@Extension
public class CallbackTask implements TaskHandler {
    static final String NAME = "callback";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TaskResult run(TaskRequest request) {
        PluginContext context = request.context();
        CallbackInbox inbox = new CallbackInbox(context);
        Optional<String> xml = inbox.xml(request.key());
        if (!(request.payload().get("appId") instanceof String appId) || xml.isEmpty()) {
            context.log().info("callback {} is gone or was processed", request.key());
            return TaskResult.done();
        }
        var message = CallbackInbox.parse(xml.get());
        if (TemplateReceipts.isReceipt(message)) {
            new TemplateReceipts(context).report(appId, message);
        } else {
            new FollowerActivity(context).apply(appId, request.key(), message);
        }
        inbox.processed(request.key());
        return TaskResult.done();
    }
}
