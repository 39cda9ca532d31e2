package io.quanyu.plugin.runtime;

import io.quanyu.core.net.EgressPolicy;

import io.quanyu.plugin.sdk.PluginException;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * Where one release's code may connect: the hosts its manifest declares in {@code egress} ({@code host},
 * {@code host:port}, {@code *.domain} for its subdomains), and never to a loopback, private, link-local, shared or
 * otherwise non-public address unless the operator's {@link EgressPolicy} allows that host by name (the platform's
 * one policy for outgoing connections). A destination is checked by its name and then by every address the
 * name resolves to; refusals are {@code EGRESS_NOT_DECLARED} and {@code EGRESS_ADDRESS_BLOCKED}.
 */
final class Egress {
    /** A host or host:port as a tenant may type one into a setting (the manifest's egress entries without wildcards). */
    private static final java.util.regex.Pattern CHOSEN = java.util.regex.Pattern.compile(
            "([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?");
    private final List<Rule> declared;
    private final java.util.function.Supplier<List<String>> chosen;
    private final EgressPolicy policy;

    private Egress(List<Rule> declared, java.util.function.Supplier<List<String>> chosen, EgressPolicy policy) {
        this.declared = declared;
        this.chosen = chosen;
        this.policy = policy;
    }

    static Egress of(List<String> declared, EgressPolicy policy) {
        return of(declared, List::of, policy);
    }

    /**
     * The manifest's entries and, read when a connection is checked, the hosts a tenant chose in the settings the
     * manifest's {@code egressSettings} names (values that are not a host or host:port are ignored).
     */
    static Egress of(List<String> declared, java.util.function.Supplier<List<String>> chosen, EgressPolicy policy) {
        return new Egress(declared.stream().map(Rule::parse).toList(), chosen, policy);
    }

    /**
     * The values of {@code names} in {@code settings} that are a host, a {@code host:port} or an http(s) URL (its host
     * and port, 443 or 80 when it names none), lower-cased.
     */
    static List<String> hosts(java.util.Map<String, Object> settings, List<String> names) {
        List<String> out = new java.util.ArrayList<>();
        for (String name : names) {
            if (settings.get(name) instanceof String value) {
                String v = hostOf(value.strip().toLowerCase(Locale.ROOT));
                if (v != null && CHOSEN.matcher(v).matches() && !v.startsWith("*")) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    private static String hostOf(String value) {
        if (!value.startsWith("http://") && !value.startsWith("https://")) {
            return value;
        }
        try {
            java.net.URI uri = new java.net.URI(value);
            if (uri.getHost() == null || uri.getUserInfo() != null) {
                return null;
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            return uri.getHost() + ":" + port;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /**
     * The addresses {@code host} resolves to when the release may connect there on {@code port}; refuses otherwise.
     *
     * @throws PluginException {@code EGRESS_NOT_DECLARED}, {@code EGRESS_ADDRESS_BLOCKED}, or
     *                         {@code EGRESS_UNRESOLVED} when the name does not resolve
     */
    List<InetAddress> check(String host, int port) {
        String name = EgressPolicy.normalise(host);
        if (name.isEmpty() || declared.stream().noneMatch(r -> r.matches(name, port))
                && chosen.get().stream().map(Rule::parse).noneMatch(r -> r.matches(name, port))) {
            throw new PluginException("EGRESS_NOT_DECLARED", "neither the manifest's egress nor a setting it names lists " + name
                    + (port > 0 ? ":" + port : ""));
        }
        try {
            return policy.resolve(name, port);
        } catch (EgressPolicy.Refused refused) {
            throw new PluginException(refused.code(), refused.getMessage());
        }
    }

    /** One manifest entry: a host (or {@code *.domain}) and a port (-1: any). */
    private record Rule(String host, int port) {
        /** {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port} (as the manifest's schema allows). */
        static Rule parse(String entry) {
            String e = entry.strip().toLowerCase(Locale.ROOT);
            if (e.startsWith("[")) {
                int end = e.indexOf(']');
                return new Rule(EgressPolicy.normalise(e.substring(0, end + 1)),
                        e.startsWith(":", end + 1) ? Integer.parseInt(e.substring(end + 2)) : -1);
            }
            int colon = e.indexOf(':');
            return colon < 0 ? new Rule(EgressPolicy.normalise(e), -1)
                    : new Rule(EgressPolicy.normalise(e.substring(0, colon)), Integer.parseInt(e.substring(colon + 1)));
        }

        boolean matches(String name, int destinationPort) {
            boolean hostMatches = host.startsWith("*.") ? name.endsWith(host.substring(1)) : name.equals(host);
            return hostMatches && (port < 0 || port == destinationPort);
        }
    }
}
