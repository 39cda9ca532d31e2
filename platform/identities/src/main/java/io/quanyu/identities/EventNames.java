package io.quanyu.identities;

import java.util.regex.Pattern;

/**
 * The names an event is tracked under, one rule for the events API, plugins' events and plugin manifests: the
 * event's id (unique per tenant) and its type.
 */
public final class EventNames {
    /** An event id: 1 to 128 letters, digits and {@code . _ : @ / -}. */
    public static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._:@/-]{1,128}");
    /** An event type: a lower-case letter, then up to 63 lower-case letters, digits, {@code _} and {@code .}. */
    public static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_.]{0,63}");

    private EventNames() {
    }
}
