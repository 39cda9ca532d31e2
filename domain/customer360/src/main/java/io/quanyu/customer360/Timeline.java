package io.quanyu.customer360;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.quanyu.core.paging.TimeCursor;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * A customer's timeline: its events newest first, filtered by types and channels, in cursor pages. Merged profiles'
 * events were moved to the survivor, so the timeline spans every identity the customer was merged from.
 */
public final class Timeline {
    public static final int MAX_PAGE = 200;
    private final EventStore events;

    Timeline(EventStore events) {
        this.events = events;
    }

    /** One page; {@code nextCursor} is null on the last page. */
    public record Page(List<TrackedEvent> events, String nextCursor) {
    }

    public Page page(TenantDatabase db, String customer, List<String> types, List<String> channels, int first, String after) {
        return page(db, customer, types, channels, null, null, first, after);
    }

    /** One page of the events from {@code since} (inclusive) to {@code until} (exclusive); either may be null. */
    public Page page(TenantDatabase db, String customer, List<String> types, List<String> channels, Instant since,
                     Instant until, int first, String after) {
        int size = Math.clamp(first <= 0 ? 50 : first, 1, MAX_PAGE);
        List<Bson> filters = new ArrayList<>(List.of(Filters.eq("customerId", customer)));
        if (since != null) {
            filters.add(Filters.gte("time", Date.from(since)));
        }
        if (until != null) {
            filters.add(Filters.lt("time", Date.from(until)));
        }
        if (types != null && !types.isEmpty()) {
            filters.add(Filters.in("type", types));
        }
        if (channels != null && !channels.isEmpty()) {
            filters.add(Filters.in("channel", channels));
        }
        if (after != null && !after.isBlank()) {
            filters.add(afterCursor(after));
        }
        List<TrackedEvent> page = new ArrayList<>();
        for (Document d : events.events(db).find(Filters.and(filters)).sort(Sorts.descending("time", "_id")).limit(size + 1)) {
            page.add(EventStore.fromDocument(d));
        }
        boolean more = page.size() > size;
        List<TrackedEvent> items = more ? page.subList(0, size) : page;
        return new Page(List.copyOf(items), more ? cursor(items.getLast()) : null);
    }

    private static String cursor(TrackedEvent last) {
        return TimeCursor.after(last.time(), last.eventId()).encode();
    }

    private static Bson afterCursor(String text) {
        TimeCursor cursor = TimeCursor.decode(text);
        Date time = Date.from(cursor.time());
        return Filters.or(Filters.lt("time", time), Filters.and(Filters.eq("time", time), Filters.lt("_id", cursor.id())));
    }
}
