package io.quanyu.ui.journeys;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * The states a journey's draft went through in the canvas, for undo and redo: the state each edit left, when it
 * changed anything (a step dropped, moved or deleted, a path drawn, a setting typed); an edit after an undo drops what
 * could have been redone. At most {@link #MAX} states are kept, the oldest going first.
 */
final class DraftHistory {
    static final int MAX = 100;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final List<String> states = new ArrayList<>();
    private int at = -1;

    /** Starts again from the draft as opened: nothing to undo or redo. */
    void reset(JsonNode draft) {
        states.clear();
        states.add(draft.toString());
        at = 0;
    }

    /** Records the draft as an edit left it; false when the edit changed nothing. */
    boolean record(JsonNode draft) {
        String state = draft.toString();
        if (at >= 0 && state.equals(states.get(at))) {
            return false;
        }
        states.subList(at + 1, states.size()).clear();
        states.add(state);
        if (states.size() > MAX) {
            states.removeFirst();
        }
        at = states.size() - 1;
        return true;
    }

    boolean canUndo() {
        return at > 0;
    }

    boolean canRedo() {
        return at >= 0 && at < states.size() - 1;
    }

    /** The state before the current one, which becomes current. */
    JsonNode undo() {
        if (!canUndo()) {
            throw new IllegalStateException("nothing to undo");
        }
        return JSON.readTree(states.get(--at));
    }

    /** The state an undo left, which becomes current again. */
    JsonNode redo() {
        if (!canRedo()) {
            throw new IllegalStateException("nothing to redo");
        }
        return JSON.readTree(states.get(++at));
    }
}
