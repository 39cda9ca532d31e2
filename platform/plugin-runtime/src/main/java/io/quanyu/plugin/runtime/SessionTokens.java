package io.quanyu.plugin.runtime;

import io.quanyu.core.tenant.TenantId;
import io.quanyu.plugin.sdk.CustomerSessions;
import io.quanyu.plugin.sdk.PluginException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Customer session tokens, one mechanism for the platform and the test kit: {@code cs1.<tenant>.<customer>.<issued>.
 * <expires>.<mac>}, times in epoch seconds, the MAC an HMAC-SHA256 under the platform's session key over everything
 * before it, base64url. A token is valid for its tenant only, until it expires, unless the customer's sessions were
 * revoked after it was issued ({@link Revocations}). Tokens hold no secret and no personal data beyond the customer
 * id, so they may travel in a cookie or a URL.
 */
public final class SessionTokens {
    private static final String VERSION = "cs1";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private final byte[] key;
    private final Clock clock;
    private final Revocations revocations;

    /** When a customer's sessions were last revoked, per tenant. */
    public interface Revocations {
        Optional<Instant> revokedAt(TenantId tenant, String customerId);

        void revoke(TenantId tenant, String customerId, Instant at);

        /** Revocations kept in this process (the test kit, tests). */
        static Revocations inMemory() {
            Map<String, Instant> at = new java.util.concurrent.ConcurrentHashMap<>();
            return new Revocations() {
                @Override
                public Optional<Instant> revokedAt(TenantId tenant, String customerId) {
                    return Optional.ofNullable(at.get(tenant.value() + "/" + customerId));
                }

                @Override
                public void revoke(TenantId tenant, String customerId, Instant when) {
                    at.merge(tenant.value() + "/" + customerId, when, (a, b) -> a.isAfter(b) ? a : b);
                }
            };
        }
    }

    /** @param key at least 32 bytes, the platform's own (derived from its secret key), the same on every node */
    public SessionTokens(byte[] key, Clock clock, Revocations revocations) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a session key has at least 32 bytes");
        }
        this.key = key.clone();
        this.clock = clock;
        this.revocations = revocations;
    }

    public String issue(TenantId tenant, String customerId, Duration ttl) {
        if (ttl == null || ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.compareTo(CustomerSessions.MAX_TTL) > 0) {
            throw new PluginException("SESSION_TTL_INVALID", "a session lasts one minute to "
                    + CustomerSessions.MAX_TTL.toDays() + " days, not " + ttl);
        }
        if (customerId == null || !ID.matcher(customerId).matches()) {
            throw new PluginException("RECORD_NOT_FOUND", "There is no customer record " + customerId);
        }
        long issued = clock.instant().getEpochSecond();
        String body = String.join(".", VERSION, tenant.value(), customerId, Long.toString(issued),
                Long.toString(issued + ttl.toSeconds()));
        return body + "." + mac(body);
    }

    public Optional<String> verify(TenantId tenant, String token) {
        if (token == null || token.length() > 400) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 6 || !parts[0].equals(VERSION) || !parts[1].equals(tenant.value())) {
            return Optional.empty();
        }
        String body = token.substring(0, token.lastIndexOf('.'));
        if (!MessageDigest.isEqual(mac(body).getBytes(StandardCharsets.US_ASCII), parts[5].getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            Instant issued = Instant.ofEpochSecond(Long.parseLong(parts[3]));
            Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[4]));
            if (!clock.instant().isBefore(expires)) {
                return Optional.empty();
            }
            boolean revoked = revocations.revokedAt(tenant, parts[2]).filter(at -> !issued.isAfter(at)).isPresent();
            return revoked ? Optional.empty() : Optional.of(parts[2]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Ends every session of the customer issued until now (sessions issued in the same second end too). */
    public void revokeAll(TenantId tenant, String customerId) {
        revocations.revoke(tenant, customerId, clock.instant());
    }

    /** The SDK's view for one tenant; {@code customerExists} tells whether the tenant has the customer. */
    public CustomerSessions forTenant(TenantId tenant, Predicate<String> customerExists) {
        return new CustomerSessions() {
            @Override
            public String issue(String customerId, Duration ttl) {
                if (customerId == null || !ID.matcher(customerId).matches() || !customerExists.test(customerId)) {
                    throw new PluginException("RECORD_NOT_FOUND", "There is no customer record " + customerId);
                }
                return SessionTokens.this.issue(tenant, customerId, ttl);
            }

            @Override
            public Optional<String> verify(String token) {
                return SessionTokens.this.verify(tenant, token);
            }

            @Override
            public void revokeAll(String customerId) {
                SessionTokens.this.revokeAll(tenant, customerId);
            }
        };
    }

    /**
     * The session token a request carries: {@code Authorization: Bearer}, else the cookie {@code quanyu_session},
     * else the query parameter {@code session}.
     */
    public static Optional<String> carried(Map<String, List<String>> headers, Map<String, List<String>> query) {
        for (String value : headers.getOrDefault("authorization", List.of())) {
            if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Optional.of(value.substring(7).strip());
            }
        }
        for (String cookies : headers.getOrDefault("cookie", List.of())) {
            for (String cookie : cookies.split(";")) {
                String c = cookie.strip();
                if (c.toLowerCase(Locale.ROOT).startsWith("quanyu_session=")) {
                    return Optional.of(c.substring("quanyu_session=".length()));
                }
            }
        }
        return query.getOrDefault("session", List.of()).stream().findFirst();
    }

    /**
     * The customer calling a webhook: for one declared with {@code "auth": "customer"} ({@code required}), the
     * customer the carried token names, or {@code CUSTOMER_SESSION_REQUIRED}; null for any other webhook.
     */
    public @org.jspecify.annotations.Nullable String caller(TenantId tenant, boolean required,
                                                            Map<String, List<String>> headers,
                                                            Map<String, List<String>> query, String path) {
        if (!required) {
            return null;
        }
        return carried(headers, query).flatMap(token -> verify(tenant, token)).orElseThrow(() ->
                new io.quanyu.core.error.QuanyuException(io.quanyu.core.error.ErrorCode.CUSTOMER_SESSION_REQUIRED,
                        Map.of("path", path)));
    }

    /** A key for session tokens derived from the platform's secret key (so the operator keeps one secret). */
    public static byte[] derive(byte[] secretKey) {
        return hmac(secretKey, "quanyu customer sessions v1");
    }

    private String mac(String body) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, body));
    }

    private static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
