package io.quanyu.records;

import java.time.Instant;
import java.util.List;

/**
 * One versioned change to an object type, recorded with who made it and when. Changes that need data work run in
 * the background; {@code done}/{@code total} report their progress, and the previous version of the object keeps
 * serving until the status is {@code DONE}.
 *
 * @param steps what the change does, in words ("add field tier", "convert code from text to integer", ...)
 */
public record Migration(String id, String object, long fromVersion, long toVersion, List<String> steps,
                        Status status, long done, long total, String error, String by, Instant at,
                        Instant finishedAt) {

    public enum Status { RUNNING, DONE, FAILED }
}
