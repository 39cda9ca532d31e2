package io.quanyu.outbox;

import java.time.Instant;

/** An event a subscriber failed on after every attempt, kept for an operator to read and replay. */
public record DeadLetter(String id, String subscriber, DomainEvent event, int attempts, String error, Instant at) {
}
