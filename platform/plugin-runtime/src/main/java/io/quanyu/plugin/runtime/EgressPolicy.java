package io.quanyu.plugin.runtime;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's exceptions to the block on non-public addresses: hosts ({@code name} or {@code name:port}) that
 * plugins may reach although they resolve to a loopback or private address, such as a partner's fake in a test
 * environment or an on-premises mail relay. A plugin still reaches them only when its manifest declares them.
 *
 * @param privateAllowed the hosts, by the name a plugin uses, optionally with a port
 */
public record EgressPolicy(Set<String> privateAllowed) {

    public EgressPolicy {
        privateAllowed = privateAllowed.stream().map(h -> h.strip().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** No exceptions: every non-public address is blocked (the default). */
    public static EgressPolicy strict() {
        return new EgressPolicy(Set.of());
    }

    public static EgressPolicy allowingPrivate(String... hosts) {
        return new EgressPolicy(Set.of(hosts));
    }

    boolean allowsPrivate(String host, int port) {
        return privateAllowed.contains(host) || privateAllowed.contains(host + ":" + port);
    }
}
