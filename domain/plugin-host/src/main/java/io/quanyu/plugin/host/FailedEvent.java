package io.quanyu.plugin.host;

import io.quanyu.outbox.DeadLetter;

import java.time.Instant;
import java.util.List;

/**
 * A delivery to a plugin's event subscription that failed on every attempt (a dead letter of the event seam), as the
 * tenant sees it in the API and the builder.
 *
 * @param id           the dead letter's id (what replay takes)
 * @param subscription the subscription's name
 * @param customerId   the customer the events are about
 * @param events       the ids of the customer events it held
 * @param attempts     how often it was tried
 * @param error        the last failure: the plugin's code and message
 * @param at           when the platform gave up
 */
public record FailedEvent(String id, String subscription, String customerId, List<String> events, int attempts,
                          String error, Instant at) {

    public static FailedEvent of(DeadLetter letter) {
        String subscription = letter.subscriber().substring(letter.subscriber().lastIndexOf('.') + 1);
        List<String> events = letter.event().data().get("events") instanceof List<?> ids
                ? ids.stream().map(String::valueOf).toList() : List.of();
        return new FailedEvent(letter.id(), subscription, letter.event().key(), events, letter.attempts(),
                letter.error(), letter.at());
    }
}
