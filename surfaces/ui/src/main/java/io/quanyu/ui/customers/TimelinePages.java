package io.quanyu.ui.customers;

import io.quanyu.customer360.Timeline;
import io.quanyu.customer360.TrackedEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The events of a timeline loaded so far, for a grid that asks for offset/limit windows as the user scrolls: a
 * window past the loaded events loads the next cursor pages until it is covered or the timeline ends.
 */
final class TimelinePages {
    static final int PAGE = 40;

    /** Reads the page after a cursor (null for the first page). */
    @FunctionalInterface
    interface Reader {
        Timeline.Page read(int first, String after);
    }

    private final Reader reader;
    private final List<TrackedEvent> loaded = new ArrayList<>();
    private String next;
    private boolean ended;
    private int pagesRead;

    TimelinePages(Reader reader) {
        this.reader = reader;
    }

    List<TrackedEvent> window(int offset, int limit) {
        while (!ended && loaded.size() < offset + limit) {
            Timeline.Page page = reader.read(PAGE, next);
            loaded.addAll(page.events());
            pagesRead++;
            next = page.nextCursor();
            ended = next == null || page.events().isEmpty();
        }
        if (offset >= loaded.size()) {
            return List.of();
        }
        return List.copyOf(loaded.subList(offset, Math.min(loaded.size(), offset + limit)));
    }

    int loaded() {
        return loaded.size();
    }

    int pagesRead() {
        return pagesRead;
    }

    boolean ended() {
        return ended;
    }
}
