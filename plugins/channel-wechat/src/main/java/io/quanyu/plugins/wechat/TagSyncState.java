package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.PluginStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the tag sync remembers, per official account and tag, in the plugin's store, so that each side's changes
 * reach the other and none comes back as an echo:
 * <ul>
 *   <li>the <b>snapshot</b>: the followers WeChat listed with the tag at the last pull, in chunks of {@value #CHUNK}
 *   openids (a store value holds 64 KB). The difference between two snapshots is what changed in WeChat;</li>
 *   <li>an <b>intent</b> per follower: the platform's change the sync is about to push to WeChat, written before
 *   the call. A pull that finds WeChat as the intent says takes the difference for the platform's own and forgets
 *   the intent; one that finds WeChat otherwise passes over the difference while the push may still be landing
 *   ({@link #PUSH_WINDOW}), and after that takes it for WeChat's (its console changed the follower since).</li>
 * </ul>
 */
final class TagSyncState {
    static final int CHUNK = 1_500;
    /** Longer than a push may take (a subscriber's call is cut at 10 seconds). */
    static final Duration PUSH_WINDOW = Duration.ofMinutes(1);
    private static final Duration INTENT_KEPT = Duration.ofDays(2);

    private final PluginStore store;

    TagSyncState(PluginStore store) {
        this.store = store;
    }

    /** A pull's memory of one tag in one account. */
    record Snapshot(Set<String> openIds, Instant readAt) {
    }

    /** Notes that the platform is about to tag ({@code on}) or untag the follower in WeChat. */
    void intend(String appId, String tag, String openId, boolean on, Instant at) {
        store.put(intentKey(appId, tag, openId), Map.of("on", on, "at", at.toEpochMilli()), INTENT_KEPT);
    }

    /**
     * Whether a difference a pull found, the follower now {@code inWeChat} or not, is the platform's own push (or one
     * still landing) rather than a change made in WeChat.
     */
    boolean explains(String appId, String tag, String openId, boolean inWeChat, Instant now) {
        String key = intentKey(appId, tag, openId);
        Optional<Map<?, ?>> intent = store.get(key).map(e -> (Map<?, ?>) e.value());
        if (intent.isEmpty()) {
            return false;
        }
        boolean landed = Boolean.valueOf(inWeChat).equals(intent.get().get("on"));
        Instant at = Instant.ofEpochMilli(((Number) intent.get().get("at")).longValue());
        if (!landed && at.isAfter(now.minus(PUSH_WINDOW))) {
            return true;
        }
        store.delete(key);
        return landed;
    }

    /** The last pull's snapshot; empty before the first. */
    Optional<Snapshot> snapshot(String appId, String tag) {
        Optional<Map<?, ?>> head = head(appId, tag);
        if (head.isEmpty()) {
            return Optional.empty();
        }
        String prefix = chunkPrefix(appId, tag, number(head.get(), "generation"));
        Set<String> openIds = new LinkedHashSet<>();
        for (int i = 0; i < number(head.get(), "chunks"); i++) {
            store.get(prefix + i).ifPresent(e -> ((List<?>) e.value()).forEach(o -> openIds.add(String.valueOf(o))));
        }
        return Optional.of(new Snapshot(openIds, Instant.ofEpochMilli(number(head.get(), "readAt"))));
    }

    /**
     * Keeps the followers a pull read: the chunks of a new generation first, then the head that points at them, then
     * the old generation's chunks go. A pull that dies half-way leaves the last snapshot whole.
     */
    void keep(String appId, String tag, Snapshot snapshot) {
        Optional<Map<?, ?>> old = head(appId, tag);
        long generation = old.map(h -> number(h, "generation") + 1).orElse(1L);
        List<String> all = new ArrayList<>(snapshot.openIds());
        int chunks = 0;
        for (int from = 0; from < all.size(); from += CHUNK) {
            store.put(chunkPrefix(appId, tag, generation) + chunks++,
                    List.copyOf(all.subList(from, Math.min(all.size(), from + CHUNK))), null);
        }
        store.put(snapshotKey(appId, tag), Map.of("generation", generation, "chunks", chunks,
                "readAt", snapshot.readAt().toEpochMilli()), null);
        old.ifPresent(h -> {
            for (int i = 0; i < number(h, "chunks"); i++) {
                store.delete(chunkPrefix(appId, tag, number(h, "generation")) + i);
            }
        });
    }

    private Optional<Map<?, ?>> head(String appId, String tag) {
        return store.get(snapshotKey(appId, tag)).map(e -> (Map<?, ?>) e.value());
    }

    private static long number(Map<?, ?> head, String name) {
        return ((Number) head.get(name)).longValue();
    }

    private static String chunkPrefix(String appId, String tag, long generation) {
        return snapshotKey(appId, tag) + ":" + generation + ":";
    }

    private static String snapshotKey(String appId, String tag) {
        return "wxtags:" + appId + ":" + tag;
    }

    private static String intentKey(String appId, String tag, String openId) {
        return "wxtagi:" + appId + ":" + tag + ":" + openId;
    }
}
