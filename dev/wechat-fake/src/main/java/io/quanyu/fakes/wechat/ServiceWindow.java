package io.quanyu.fakes.wechat;

import java.time.Duration;
import java.time.Instant;

/**
 * The customer-service window of one follower (reference §3.2, rules since 2023-06-12): a message from the user
 * allows 5 custom messages within 48 hours; a follow, a scan or a CLICK menu event allows 3 within one minute.
 * A send uses the grant that ends first. Guarded by the owning account's monitor.
 */
final class ServiceWindow {

    static final Duration MESSAGE_WINDOW = Duration.ofHours(48);
    static final int MESSAGE_QUOTA = 5;
    static final Duration EVENT_WINDOW = Duration.ofMinutes(1);
    static final int EVENT_QUOTA = 3;

    /** The outcome of a custom send against the window. */
    enum Verdict { ACCEPTED, OUT_OF_TIME, OUT_OF_COUNT }

    private Grant message;
    private Grant event;

    void userMessage(Instant at) {
        message = new Grant(at.plus(MESSAGE_WINDOW), MESSAGE_QUOTA);
    }

    void userEvent(Instant at) {
        event = new Grant(at.plus(EVENT_WINDOW), EVENT_QUOTA);
    }

    void close() {
        message = null;
        event = null;
    }

    Verdict consume(Instant now) {
        Grant open = null;
        boolean anyInTime = false;
        for (Grant grant : new Grant[] {message, event}) {
            if (grant == null || !now.isBefore(grant.until)) {
                continue;
            }
            anyInTime = true;
            if (grant.left > 0 && (open == null || grant.until.isBefore(open.until))) {
                open = grant;
            }
        }
        if (open != null) {
            open.left--;
            return Verdict.ACCEPTED;
        }
        return anyInTime ? Verdict.OUT_OF_COUNT : Verdict.OUT_OF_TIME;
    }

    Grant messageGrant() {
        return message;
    }

    Grant eventGrant() {
        return event;
    }

    /** An open grant: until when and how many sends are left. */
    static final class Grant {
        final Instant until;
        int left;

        Grant(Instant until, int left) {
            this.until = until;
            this.left = left;
        }
    }
}
