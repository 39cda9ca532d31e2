package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.task.TaskHandler;
import io.quanyu.plugin.sdk.task.TaskRequest;
import io.quanyu.plugin.sdk.task.TaskResult;
import org.pf4j.Extension;

/**
 * The {@code expireProbe} task: deletes the probe its key names, at the time {@code recordProbe} asked for. Run again
 * (a task may run more than once) it finds the probe gone and is done.
 */
@Extension
public class ExpireProbe implements TaskHandler {
    static final String NAME = "expireProbe";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TaskResult run(TaskRequest request) {
        var records = request.context().records();
        if (records.get(RecordProbe.OBJECT, request.key()).isPresent()) {
            records.delete(RecordProbe.OBJECT, request.key());
            request.context().log().info("probe {} expired ({})", request.key(), request.payload().get("label"));
        }
        return TaskResult.done();
    }
}
