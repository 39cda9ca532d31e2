package io.quanyu.customer360;

import io.quanyu.outbox.DomainEvent;
import io.quanyu.outbox.Outbox;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The domain events of a profile save, derived from what changed since the profile was last stored, so every
 * writer (ingestion, tags, rules, merges) produces them the same way: {@code EventsApplied} with the changes the
 * events made, {@code TagsChanged}, {@code StageChanged}, {@code FactsChanged}, {@code ProfileMerged} and
 * {@code ProfileUnmerged}. Each is
 * keyed by the customer id.
 */
final class ProfileEvents {
    private ProfileEvents() {
    }

    static List<Document> of(ProfileState s, Instant at) {
        List<Document> out = new ArrayList<>();
        List<String> applied = new ArrayList<>(s.applied);
        applied.removeAll(s.saved.applied());
        Set<String> added = difference(s.tags.keySet(), s.saved.tags());
        Set<String> removed = difference(s.saved.tags(), s.tags.keySet());
        boolean staged = !s.stage.equals(s.saved.stage());
        if (!applied.isEmpty()) {
            Map<String, Object> data = changes(s, added, removed, staged);
            data.put("events", applied);
            out.add(Outbox.entry(DomainEvent.EVENTS_APPLIED, s.id, at, data));
        }
        if (!added.isEmpty() || !removed.isEmpty()) {
            out.add(Outbox.entry(DomainEvent.TAGS_CHANGED, s.id, at, Map.of("added", List.copyOf(added),
                    "removed", List.copyOf(removed), "sources", sources(s, added, removed))));
        }
        if (staged) {
            out.add(Outbox.entry(DomainEvent.STAGE_CHANGED, s.id, at, stage(s)));
        }
        Set<String> plugins = PluginFacts.changed(s.saved.facts(), s.facts);
        if (!plugins.isEmpty()) {
            out.add(Outbox.entry(DomainEvent.FACTS_CHANGED, s.id, at, Map.of("plugins", List.copyOf(plugins))));
        }
        merge(s, at).ifPresent(out::add);
        if (s.regrouped != null) {
            out.add(Outbox.entry(s.regrouped.getValue() ? DomainEvent.PROFILE_MERGED : DomainEvent.PROFILE_UNMERGED,
                    s.id, at, Map.of("survivor", s.id, "merged", s.regrouped.getKey())));
        }
        return out;
    }

    /**
     * Who changed each tag: an added tag's source as the profile keeps it, a removed tag's remover; {@code platform}
     * when nobody was recorded (a merge, an unmerge).
     */
    private static Map<String, Object> sources(ProfileState s, Set<String> added, Set<String> removed) {
        Map<String, Object> sources = new LinkedHashMap<>();
        added.forEach(tag -> sources.put(tag, s.tags.get(tag).get("source", "platform")));
        removed.forEach(tag -> sources.put(tag, s.untaggedBy.getOrDefault(tag, "platform")));
        return sources;
    }

    private static Map<String, Object> changes(ProfileState s, Set<String> added, Set<String> removed, boolean staged) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tagsAdded", List.copyOf(added));
        data.put("tagsRemoved", List.copyOf(removed));
        if (staged) {
            data.put("stage", stage(s));
        }
        return data;
    }

    private static Map<String, Object> stage(ProfileState s) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("from", s.saved.stage());
        change.put("to", s.stage);
        return change;
    }

    private static java.util.Optional<Document> merge(ProfileState s, Instant at) {
        if (Objects.equals(s.mergedInto, s.saved.mergedInto())) {
            return java.util.Optional.empty();
        }
        boolean merged = s.mergedInto != null;
        String survivor = merged ? s.mergedInto : s.saved.mergedInto();
        return java.util.Optional.of(Outbox.entry(merged ? DomainEvent.PROFILE_MERGED : DomainEvent.PROFILE_UNMERGED,
                s.id, at, Map.of("survivor", survivor, "merged", s.id)));
    }

    private static Set<String> difference(Set<String> from, Set<String> minus) {
        Set<String> out = new LinkedHashSet<>(from);
        out.removeAll(minus);
        return out;
    }
}
