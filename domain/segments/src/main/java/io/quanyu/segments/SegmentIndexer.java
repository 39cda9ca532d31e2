package io.quanyu.segments;

import io.quanyu.outbox.DomainEvent;
import io.quanyu.outbox.Subscriber;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps the {@link SegmentIndex} current as a subscriber of the event seam: a run of {@code SegmentEntered} /
 * {@code SegmentExited} events is one write. When the index is unreachable the subscriber is unavailable: the events
 * wait in the log and it catches up once the index is back.
 */
public final class SegmentIndexer implements Subscriber {
    /** The subscriber's name: its position and dead letters are kept under it. */
    public static final String NAME = "segment-index";
    private static final Set<String> TYPES = Set.of(DomainEvent.SEGMENT_ENTERED, DomainEvent.SEGMENT_EXITED);
    private final SegmentIndex index;
    private final SegmentEngine engine;
    private final java.util.function.Function<io.quanyu.core.tenant.TenantId, io.quanyu.mongodb.TenantDatabase> databases;

    /** {@code databases}: opens a tenant's database for background work. */
    public SegmentIndexer(SegmentIndex index, SegmentEngine engine,
                          java.util.function.Function<io.quanyu.core.tenant.TenantId, io.quanyu.mongodb.TenantDatabase> databases) {
        this.index = index;
        this.engine = engine;
        this.databases = databases;
    }

    /** The index, ready for the tenant: made and filled with the memberships stored before it on first use. */
    SegmentIndex ready(io.quanyu.core.tenant.TenantId tenant) {
        index.prepare(tenant, sink -> {
            io.quanyu.mongodb.TenantDatabase db = databases.apply(tenant);
            engine.memberships.each(db, Memberships.generations(engine.store.list(db)), sink);
        });
        return index;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> types() {
        return TYPES;
    }

    @Override
    public void handle(DomainEvent event) throws Unavailable {
        handleAll(List.of(event));
    }

    @Override
    public void handleAll(List<DomainEvent> events) throws Unavailable {
        List<SegmentIndex.Transition> transitions = new ArrayList<>();
        for (DomainEvent event : events) {
            transitions.add(transition(event));
        }
        Unavailable.unlessDown("the segment index", () -> ready(events.getFirst().tenant()).apply(events.getFirst().tenant(), transitions));
    }

    /** The transition an event announces (an event written before generations were recorded counts as generation 0). */
    static SegmentIndex.Transition transition(DomainEvent event) {
        Object generation = event.data().get(Memberships.GENERATION);
        return new SegmentIndex.Transition(String.valueOf(event.data().get("segment")),
                generation == null ? 0 : ((Number) generation).longValue(), event.key(),
                ((Number) event.data().get("version")).longValue(), event.type().equals(DomainEvent.SEGMENT_ENTERED), event.at());
    }
}
