package io.quanyu.ui.customers;

import io.quanyu.customer360.Timeline;
import io.quanyu.customer360.TrackedEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The grid's windows over the timeline's cursor pages: only as many pages as the scrolled-to window needs. */
class TimelinePagesTest {
    private final List<String> cursorsAsked = new ArrayList<>();

    /** A timeline of {@code total} events, e0 newest; the cursor is the index of the next event. */
    private TimelinePages timeline(int total) {
        return new TimelinePages((first, after) -> {
            cursorsAsked.add(after);
            int from = after == null ? 0 : Integer.parseInt(after);
            int to = Math.min(total, from + first);
            List<TrackedEvent> events = new ArrayList<>();
            for (int i = from; i < to; i++) {
                events.add(new TrackedEvent("e" + i, "page_view", Instant.EPOCH, null, List.of(),
                        JsonNodeFactory.instance.objectNode(), "c"));
            }
            return new Timeline.Page(events, to < total ? String.valueOf(to) : null);
        });
    }

    @Test
    void loadsTheNextPagesOnlyWhenTheUserScrollsPastWhatIsLoaded() {
        TimelinePages pages = timeline(120);
        assertThat(pages.window(0, 20)).extracting(TrackedEvent::eventId).startsWith("e0").hasSize(20);
        assertThat(pages.pagesRead()).isEqualTo(1);
        assertThat(pages.ended()).isFalse();

        assertThat(pages.window(100, 20)).extracting(TrackedEvent::eventId).startsWith("e100").endsWith("e119");
        assertThat(pages.loaded()).isEqualTo(120);
        assertThat(pages.ended()).isTrue();
        assertThat(cursorsAsked).containsExactly(null, "40", "80");
        assertThat(pages.window(120, 20)).isEmpty();
        assertThat(cursorsAsked).hasSize(3);
    }

    @Test
    void anEmptyTimelineEndsAtOnce() {
        TimelinePages pages = timeline(0);
        assertThat(pages.window(0, 40)).isEmpty();
        assertThat(pages.ended()).isTrue();
        assertThat(pages.loaded()).isZero();
    }
}
