package io.quanyu.plugin.pkg;

/**
 * A kind of one-off task the plugin runs, bound by name to a {@code TaskHandler}.
 *
 * @param name the handler's name, for example {@code expireReservation}
 */
public record TaskSpec(String name) {
}
