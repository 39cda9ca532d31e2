package io.quanyu.journeys;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;

/**
 * A journey as its owners see it: the draft being edited and the version customers run on. Published versions are
 * immutable; a new one takes new entries while enrollments already in go on on theirs (drain).
 *
 * @param status    {@code draft} (never published), {@code live} (takes entries) or {@code stopped} (takes none, and
 *                  its enrollments end at their next step)
 * @param published the version new entries run on; 0 before the first publication
 * @param draft     the definition as last saved, valid ({@link Definition#parse})
 * @param revision  how many times the draft was saved: a save may name the revision it edited, and is refused when
 *                  another save came first
 */
public record Journey(String key, Map<String, String> names, String status, long published, JsonNode draft,
                      Instant createdAt, String createdBy, Instant updatedAt, String updatedBy,
                      @Nullable Instant publishedAt, long revision) {
    public static final String DRAFT = "draft";
    public static final String LIVE = "live";
    public static final String STOPPED = "stopped";
}
