package io.quanyu.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where the platform's outgoing connections may go, for every sender (plugins' HTTP and sockets, journeys' webhooks):
 * never to a loopback, private, link-local, shared or otherwise non-public address (cloud metadata at
 * 169.254.169.254 included), except to the hosts the operator allows by name ({@code name} or {@code name:port}),
 * such as a partner's fake in a test environment or an on-premises mail relay. A destination is checked by every
 * address its name resolves to.
 *
 * @param privateAllowed the hosts, by the name a sender uses, optionally with a port
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

    /** Whether the operator allows {@code host} (normalised) on {@code port} although it is not public. */
    public boolean allowsPrivate(String host, int port) {
        return privateAllowed.contains(host) || privateAllowed.contains(host + ":" + port);
    }

    /**
     * The addresses {@code host} resolves to, when a connection there on {@code port} is allowed.
     *
     * @throws Refused {@code EGRESS_UNRESOLVED} when the name does not resolve, {@code EGRESS_ADDRESS_BLOCKED} when
     *                 one of its addresses is not public and the operator does not allow the host
     */
    public List<InetAddress> resolve(String host, int port) {
        String name = normalise(host);
        List<InetAddress> addresses;
        try {
            addresses = List.of(InetAddress.getAllByName(name));
        } catch (UnknownHostException e) {
            throw new Refused("EGRESS_UNRESOLVED", "the name " + name + " does not resolve");
        }
        if (!allowsPrivate(name, port)) {
            for (InetAddress address : addresses) {
                if (!isPublic(address)) {
                    throw new Refused("EGRESS_ADDRESS_BLOCKED", name + " is " + address.getHostAddress()
                            + ", a loopback, private, link-local or reserved address");
                }
            }
        }
        return addresses;
    }

    /** A host as written in a URL or a manifest: lower case, without IPv6 brackets or a trailing dot. */
    public static String normalise(String host) {
        if (host == null) {
            return "";
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** Whether an address is on the public internet: not loopback, private, link-local, shared, multicast or reserved. */
    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int a0 = b[0] & 0xff;
            int a1 = b[1] & 0xff;
            return !(a0 == 0                                   // "this network"
                    || (a0 == 100 && (a1 & 0xc0) == 64)        // 100.64.0.0/10, carrier-grade NAT
                    || (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24, protocol assignments
                    || (a0 == 198 && (a1 & 0xfe) == 18)        // 198.18.0.0/15, benchmarking
                    || a0 >= 240);                             // 240.0.0.0/4 reserved, broadcast
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {                       // fc00::/7, unique local
                return false;
            }
            if (isEmbeddingIpv4(b)) {                          // ::/96, ::ffff:0:0/96, 64:ff9b::/96
                try {
                    return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isEmbeddingIpv4(byte[] b) {
        boolean zeros = true;
        for (int i = 0; i < 10; i++) {
            zeros &= b[i] == 0;
        }
        if (zeros && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
            return true;
        }
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
        for (int i = 4; i < 12; i++) {
            nat64 &= b[i] == 0;
        }
        return nat64;
    }

    /** A destination the policy refuses, with a stable code ({@code EGRESS_UNRESOLVED}, {@code EGRESS_ADDRESS_BLOCKED}). */
    public static final class Refused extends RuntimeException {
        private final String code;

        public Refused(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
