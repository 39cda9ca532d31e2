package io.quanyu.fakes.wechat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One account's follower tags (reference §3.7): at most 100, names unique and at most 30 bytes, ids from 100 on;
 * the system tags 0, 1 and 2 (2 is the star group every account has) cannot be changed. Membership lives on the
 * {@link Follower}. Guarded by the owning account's monitor.
 */
final class Tags {

    static final int MAX_TAGS = 100;
    static final int MAX_TAGS_PER_FOLLOWER = 20;
    private static final Set<Long> SYSTEM = Set.of(0L, 1L, 2L);

    private final Map<Long, String> names = new LinkedHashMap<>();
    private long nextId = 100;

    Tags() {
        names.put(2L, "星标组");
    }

    long create(String name) {
        checkName(name, -1);
        if (names.size() >= MAX_TAGS) {
            throw new WeChatError(45056, "too many tag now, no need to add new");
        }
        long id = nextId++;
        names.put(id, name);
        return id;
    }

    void update(long id, String name) {
        checkChangeable(id);
        checkName(name, id);
        names.put(id, name);
    }

    void delete(long id) {
        checkChangeable(id);
        names.remove(id);
    }

    void requireExists(long id) {
        if (!names.containsKey(id)) {
            throw new WeChatError(45159, "invalid tag id");
        }
    }

    Map<Long, String> ordered() {
        return new LinkedHashMap<>(names);
    }

    private void checkChangeable(long id) {
        if (SYSTEM.contains(id)) {
            throw new WeChatError(45058, "can't modify sys tag");
        }
        requireExists(id);
    }

    private void checkName(String name, long self) {
        if (name == null || name.isBlank()) {
            throw new WeChatError(45157, "invalid tag name");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > 30) {
            throw new WeChatError(45158, "tag name too long");
        }
        for (Map.Entry<Long, String> tag : names.entrySet()) {
            if (tag.getValue().equals(name) && tag.getKey() != self) {
                throw new WeChatError(45157, "invalid tag name");
            }
        }
    }
}
