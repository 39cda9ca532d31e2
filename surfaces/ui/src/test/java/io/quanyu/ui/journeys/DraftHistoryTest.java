package io.quanyu.ui.journeys;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DraftHistoryTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void undoAndRedoWalkTheStatesEditsLeftAndANewEditDropsTheRedo() {
        DraftHistory history = new DraftHistory();
        ObjectNode draft = JSON.createObjectNode().put("start", "a");
        history.reset(draft);
        assertThat(history.canUndo()).isFalse();
        assertThat(history.record(draft)).as("nothing changed").isFalse();

        history.record(draft.put("start", "b"));
        history.record(draft.put("start", "c"));
        assertThat(history.undo().path("start").asString()).isEqualTo("b");
        assertThat(history.undo().path("start").asString()).isEqualTo("a");
        assertThat(history.canUndo()).isFalse();
        assertThat(history.redo().path("start").asString()).isEqualTo("b");
        assertThat(history.canRedo()).isTrue();

        history.record(JSON.createObjectNode().put("start", "d"));
        assertThat(history.canRedo()).as("an edit after an undo drops the redo").isFalse();
        assertThat(history.undo().path("start").asString()).isEqualTo("b");
        assertThatThrownBy(() -> {
            history.undo();
            history.undo();
        }).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void atMostAHundredStatesAreKept() {
        DraftHistory history = new DraftHistory();
        history.reset(JSON.createObjectNode().put("n", 0));
        for (int i = 1; i <= 150; i++) {
            history.record(JSON.createObjectNode().put("n", i));
        }
        int undone = 0;
        while (history.canUndo()) {
            history.undo();
            undone++;
        }
        assertThat(undone).isEqualTo(DraftHistory.MAX - 1);
    }
}
