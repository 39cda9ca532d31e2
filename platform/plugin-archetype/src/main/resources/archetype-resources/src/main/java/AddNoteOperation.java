#set( $prefix = $pluginId.replace("-", "") )
package ${package};

import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.Map;

/**
 * {@code addNote}: a note of the plugin's own object type, created once per key, so a caller that retries after a
 * lost answer gets the first note back ({@code created: false}) instead of a second one.
 */
@Extension
public class AddNoteOperation implements Operation {
    static final String OBJECT = "${prefix}Note";

    @Override
    public String name() {
        return "addNote";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        Object key = request.input().get("key");
        Records.Created note = request.context().records().create(OBJECT, "note:" + key,
                Map.of("key", key, "text", request.input().get("text")));
        return OperationResult.ok(Map.of("id", note.record().get("_id"), "created", note.created()));
    }
}
