package io.quanyu.customer360;

import io.quanyu.mongodb.TenantDatabase;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Applies stored events to their profiles' aggregates, in two idempotent phases. First each profile's own events:
 * the profiles are read once, their events folded in time order (each once, see {@link ProfileState}), the rules
 * evaluated, and one conditional write per profile; only the profiles another writer changed meanwhile are read and
 * folded again, after a short random pause. Then the referral effects those events have on other profiles (their
 * referrers), delivered the same way and also applied once per source event.
 */
final class Aggregator {
    private static final int ATTEMPTS = 50;
    private final ProfileStore profiles;
    private final ProfileRules rules;
    private final Clock clock;

    Aggregator(ProfileStore profiles, ProfileRules rules, Clock clock) {
        this.profiles = profiles;
        this.rules = rules;
        this.clock = clock;
    }

    void apply(TenantDatabase db, Customer360Settings settings, List<TrackedEvent> stored) {
        if (stored.isEmpty()) {
            return;
        }
        Map<String, List<TrackedEvent>> byProfile = new LinkedHashMap<>();
        stored.stream().sorted(Comparator.comparing(TrackedEvent::time))
                .forEach(e -> byProfile.computeIfAbsent(e.customerId(), c -> new ArrayList<>()).add(e));
        ProfileRules.Evaluator evaluator = rules.forTenant(settings);
        List<ProfileState.Effect> effects = new ArrayList<>();
        retry(db, byProfile.keySet(), states -> {
            effects.clear();
            states.forEach((id, s) -> byProfile.getOrDefault(id, List.of()).forEach(e -> fold(s, e, evaluator, effects)));
            distinct(states).forEach(s -> evaluator.evaluate(s, clock.instant()));
        }, true);
        deliver(db, effects, evaluator);
    }

    private static void fold(ProfileState s, TrackedEvent e, ProfileRules.Evaluator evaluator, List<ProfileState.Effect> effects) {
        if (!s.applied.contains(e.eventId())) {
            effects.addAll(s.apply(e));
            evaluator.onEvent(s, e);
        }
    }

    private void deliver(TenantDatabase db, List<ProfileState.Effect> effects, ProfileRules.Evaluator evaluator) {
        if (effects.isEmpty()) {
            return;
        }
        Map<String, List<ProfileState.Effect>> byTarget = new LinkedHashMap<>();
        effects.forEach(e -> byTarget.computeIfAbsent(e.target(), t -> new ArrayList<>()).add(e));
        retry(db, byTarget.keySet(), states -> {
            states.forEach((id, s) -> byTarget.getOrDefault(id, List.of()).forEach(s::receive));
            distinct(states).forEach(s -> evaluator.evaluate(s, clock.instant()));
        }, false);
    }

    /**
     * Reads the profiles, changes them and saves them, again for those that lost a race, until all are saved.
     * Events of a profile merged meanwhile go to its survivor.
     */
    private void retry(TenantDatabase db, Collection<String> ids, java.util.function.Consumer<Map<String, ProfileState>> change,
                       boolean follow) {
        Set<String> pending = new LinkedHashSet<>(ids);
        for (int attempt = 0; attempt < ATTEMPTS && !pending.isEmpty(); attempt++) {
            Map<String, ProfileState> states = load(db, pending, follow);
            change.accept(states);
            List<String> lost = profiles.saveAll(db, distinct(states));
            pending = lost.isEmpty() ? Set.of() : owners(states, lost);
            if (!pending.isEmpty()) {
                pause(attempt);
            }
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException("profiles kept changing while events were applied; the sweep will retry");
        }
    }

    /** The profiles to change, keyed by the id events name (a merged profile stands for its survivor). */
    private Map<String, ProfileState> load(TenantDatabase db, Set<String> ids, boolean follow) {
        Map<String, ProfileState> found = profiles.findAll(db, ids);
        Map<String, ProfileState> out = new LinkedHashMap<>();
        Map<String, ProfileState> survivors = new HashMap<>(found);
        for (String id : ids) {
            ProfileState s = found.get(id);
            for (int hops = 0; follow && s != null && s.mergedInto != null && hops < 16; hops++) {
                String next = s.mergedInto;
                s = survivors.computeIfAbsent(next, n -> profiles.find(db, n).orElse(null));
            }
            if (s != null) {
                out.put(id, s);
            }
        }
        return out;
    }

    /** Each profile once (events of a merged profile and of its survivor share one state). */
    private static List<ProfileState> distinct(Map<String, ProfileState> states) {
        Set<ProfileState> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        return states.values().stream().filter(seen::add).toList();
    }

    /** The event-facing ids whose profile lost its save. */
    private static Set<String> owners(Map<String, ProfileState> states, List<String> lostProfiles) {
        Set<String> out = new LinkedHashSet<>();
        states.forEach((id, s) -> {
            if (lostProfiles.contains(s.id)) {
                out.add(id);
            }
        });
        return out;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L + Math.min(attempt, 10) * 5L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while applying events", e);
        }
    }
}
