package io.quanyu.scheduling;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import org.bson.Document;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Checks timer requests, listing every invalid field, and turns them into entries to place. */
final class TimerRequests {
    static final String JOB_PREFIX = "job.";
    static final int MAX_KEY_LENGTH = 256;
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9._-]{0,63}");

    private TimerRequests() {
    }

    /** The requests as new entries; throws REQUEST_VALIDATION_FAILED listing every problem of every request. */
    static List<NewEntry> entries(List<TimerRequest> requests, boolean allowJobs) {
        List<FieldViolation> violations = new ArrayList<>();
        List<NewEntry> entries = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            String at = requests.size() == 1 ? "" : "/" + i;
            entries.add(entry(requests.get(i), at, allowJobs, violations));
        }
        if (!violations.isEmpty()) {
            throw QuanyuException.invalid(violations);
        }
        return entries;
    }

    private static NewEntry entry(TimerRequest request, String at, boolean allowJobs, List<FieldViolation> violations) {
        checkKind(request.kind(), at + "/kind", allowJobs, violations);
        checkKey(request.key(), at + "/key", violations);
        if (request.due() == null) {
            violations.add(new FieldViolation(at + "/due", "required", "is required"));
        }
        Document payload = Payloads.toBson(request.payload(), at + "/payload", violations);
        Instant due = request.due() == null ? null : request.due().truncatedTo(ChronoUnit.MILLIS);
        return new NewEntry(request.tenant().value(), request.kind(), request.key(), incarnation(), due, 1, 0,
                payload, false);
    }

    /** Checks a kind a caller names (handlers, cancel, find). */
    static void checkKind(String kind, String pointer, boolean allowJobs, List<FieldViolation> violations) {
        if (kind == null || !KIND.matcher(kind).matches()) {
            violations.add(new FieldViolation(pointer, "pattern",
                    "a kind is a lowercase letter then up to 63 lowercase letters, digits, '.', '_' or '-'"));
        } else if (!allowJobs && kind.startsWith(JOB_PREFIX)) {
            violations.add(new FieldViolation(pointer, "reserved", "kinds starting with 'job.' belong to recurring jobs"));
        }
    }

    private static void checkKey(String key, String pointer, List<FieldViolation> violations) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            violations.add(new FieldViolation(pointer, "size", "a key has 1 to " + MAX_KEY_LENGTH + " characters"));
        } else if (key.indexOf('\0') >= 0) {
            violations.add(new FieldViolation(pointer, "pattern", "a key has no NUL character"));
        }
    }

    /** Refuses a kind a caller names, the same way as in a request. */
    static void requireKind(String kind, boolean allowJobs) {
        List<FieldViolation> violations = new ArrayList<>();
        checkKind(kind, "/kind", allowJobs, violations);
        if (!violations.isEmpty()) {
            throw QuanyuException.invalid(violations);
        }
    }

    /** A fresh id for one life of a timer key (a key scheduled again after a cancel gets another). */
    static String incarnation() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
