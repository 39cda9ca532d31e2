package io.quanyu.customer360;

import io.quanyu.mongodb.TenantDatabase;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies stored events to their profiles' aggregates: per batch one read of the profiles involved, the events
 * folded in time order (each once, see {@link ProfileState}), referral effects handed to the referrers, the rules
 * evaluated, and one conditional write per profile; a profile another node changed meanwhile is read again and the
 * batch folded again (already applied events are skipped). Then the events are marked applied.
 */
final class Aggregator {
    private static final int ATTEMPTS = 10;
    private final ProfileStore profiles;
    private final EventStore events;
    private final ProfileRules rules;
    private final Clock clock;

    Aggregator(ProfileStore profiles, EventStore events, ProfileRules rules, Clock clock) {
        this.profiles = profiles;
        this.events = events;
        this.rules = rules;
        this.clock = clock;
    }

    void apply(TenantDatabase db, List<TrackedEvent> stored) {
        if (stored.isEmpty()) {
            return;
        }
        List<TrackedEvent> ordered = new ArrayList<>(stored);
        ordered.sort(Comparator.comparing(TrackedEvent::time));
        ProfileRules.Evaluator evaluator = rules.forTenant(db);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (foldAndSave(db, ordered, evaluator)) {
                events.markApplied(db, stored.stream().map(TrackedEvent::eventId).toList());
                return;
            }
        }
        throw new IllegalStateException("profiles kept changing while events were applied; the sweep will retry");
    }

    private boolean foldAndSave(TenantDatabase db, List<TrackedEvent> ordered, ProfileRules.Evaluator evaluator) {
        Map<String, ProfileState> states = new LinkedHashMap<>(profiles.findAll(db,
                ordered.stream().map(TrackedEvent::customerId).distinct().toList()));
        List<ProfileState.Effect> effects = new ArrayList<>();
        for (TrackedEvent e : ordered) {
            ProfileState state = live(db, states, e.customerId());
            if (state != null && !state.applied.contains(e.eventId())) {
                effects.addAll(state.apply(e));
                evaluator.onEvent(state, e);
            }
        }
        receive(db, states, effects);
        states.values().forEach(s -> evaluator.evaluate(s, clock.instant()));
        return profiles.saveAll(db, states.values()).isEmpty();
    }

    /** The profile to apply to: a profile merged meanwhile hands its events to its survivor. */
    private ProfileState live(TenantDatabase db, Map<String, ProfileState> states, String id) {
        ProfileState s = states.get(id);
        for (int hops = 0; s != null && s.mergedInto != null && hops < 16; hops++) {
            String next = s.mergedInto;
            s = states.computeIfAbsent(next, n -> profiles.find(db, n).orElse(null));
        }
        return s;
    }

    private void receive(TenantDatabase db, Map<String, ProfileState> states, List<ProfileState.Effect> effects) {
        Map<String, List<ProfileState.Effect>> byTarget = new HashMap<>();
        effects.forEach(e -> byTarget.computeIfAbsent(e.target(), t -> new ArrayList<>()).add(e));
        var missing = byTarget.keySet().stream().filter(t -> !states.containsKey(t)).toList();
        if (!missing.isEmpty()) {
            states.putAll(profiles.findAll(db, missing));
        }
        byTarget.forEach((target, list) -> {
            ProfileState s = live(db, states, target);
            if (s != null) {
                list.forEach(s::receive);
            }
        });
    }
}
