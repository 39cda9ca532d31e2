package io.quanyu.fakes.wechat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One account's access tokens (reference §3.1). {@code /cgi-bin/token} issues a new token each time and the previous
 * one stays valid for 5 more minutes; {@code /cgi-bin/stable_token} is a separate stream that returns the same token
 * while it has more than 5 minutes left, unless forced (at most 20 forced refreshes a day), which ends the old one at
 * once. Every token lives 7200 s. Guarded by the owning account's monitor.
 */
final class AccessTokens {

    static final Duration LIFETIME = Duration.ofSeconds(7200);
    static final Duration OVERLAP = Duration.ofMinutes(5);
    static final int FORCED_STABLE_REFRESHES_PER_DAY = 20;

    /** The state of a presented token. */
    enum Status { VALID, UNKNOWN, EXPIRED, SUPERSEDED }

    private final List<Issued> ordinary = new ArrayList<>();
    private final List<Issued> stable = new ArrayList<>();
    private LocalDate forcedDay;
    private int forcedToday;

    Issued issue(Instant now) {
        if (!ordinary.isEmpty()) {
            ordinary.getLast().supersede(now.plus(OVERLAP));
        }
        Issued token = new Issued(MessageCrypto.randomString(136), now.plus(LIFETIME));
        ordinary.add(token);
        return token;
    }

    /** The stable token; {@code null} when a forced refresh is over its daily limit. */
    Issued stable(Instant now, LocalDate today, boolean forceRefresh) {
        Issued current = stable.isEmpty() ? null : stable.getLast();
        if (forceRefresh) {
            if (!today.equals(forcedDay)) {
                forcedDay = today;
                forcedToday = 0;
            }
            if (forcedToday >= FORCED_STABLE_REFRESHES_PER_DAY) {
                return null;
            }
            forcedToday++;
            if (current != null) {
                current.supersede(now);
            }
        } else if (current != null && current.validAt(now) && current.expires.minus(OVERLAP).isAfter(now)) {
            return current;
        }
        Issued token = new Issued(MessageCrypto.randomString(136), now.plus(LIFETIME));
        stable.add(token);
        return token;
    }

    Status check(String value, Instant now) {
        for (List<Issued> stream : List.of(ordinary, stable)) {
            for (Issued token : stream) {
                if (token.value.equals(value)) {
                    if (!now.isBefore(token.expires)) {
                        return Status.EXPIRED;
                    }
                    return token.validAt(now) ? Status.VALID : Status.SUPERSEDED;
                }
            }
        }
        return Status.UNKNOWN;
    }

    void expireAll(Instant now) {
        for (List<Issued> stream : List.of(ordinary, stable)) {
            for (Issued token : stream) {
                if (token.expires.isAfter(now)) {
                    token.expires = now;
                }
            }
        }
    }

    /** One issued token and until when it is accepted. */
    static final class Issued {
        final String value;
        Instant expires;
        private Instant supersededAt;

        Issued(String value, Instant expires) {
            this.value = value;
            this.expires = expires;
        }

        long expiresIn(Instant now) {
            return Math.max(0, Duration.between(now, expires).toSeconds());
        }

        boolean validAt(Instant now) {
            return now.isBefore(expires) && (supersededAt == null || now.isBefore(supersededAt));
        }

        private void supersede(Instant at) {
            if (supersededAt == null || at.isBefore(supersededAt)) {
                supersededAt = at;
            }
        }
    }
}
