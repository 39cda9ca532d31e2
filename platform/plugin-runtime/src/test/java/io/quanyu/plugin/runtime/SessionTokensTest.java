package io.quanyu.plugin.runtime;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.plugin.sdk.CustomerSessions;
import io.quanyu.plugin.sdk.PluginException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Customer session tokens: bound to their tenant, unforgeable, expiring and revocable. */
class SessionTokensTest {
    private static final TenantId ACME = new TenantId("acme");
    private static final TenantId GLOBEX = new TenantId("globex");
    private static final String CUSTOMER = "0123456789abcdef0123456789abcdef";
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T08:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final SessionTokens tokens = new SessionTokens(SessionTokens.derive(new byte[32]), clock,
            SessionTokens.Revocations.inMemory());

    @Test
    void aTokenNamesItsCustomerForItsTenantOnlyUntilItExpires() {
        String token = tokens.issue(ACME, CUSTOMER, Duration.ofHours(1));
        assertThat(tokens.verify(ACME, token)).contains(CUSTOMER);
        assertThat(tokens.verify(GLOBEX, token)).as("another tenant").isEmpty();
        assertThat(tokens.verify(GLOBEX, token.replace(".acme.", ".globex."))).as("relabelled").isEmpty();
        assertThat(tokens.verify(ACME, token.replace(CUSTOMER, "f".repeat(32)))).as("another customer").isEmpty();
        String[] parts = token.split("\\.");
        parts[4] = Long.toString(Long.parseLong(parts[4]) + 86_400);
        assertThat(tokens.verify(ACME, String.join(".", parts))).as("a longer life").isEmpty();
        assertThat(new SessionTokens(SessionTokens.derive(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}), clock, SessionTokens.Revocations.inMemory())
                .verify(ACME, token)).as("another platform's key").isEmpty();
        for (String junk : new String[]{"", "cs1", "cs1.acme", token + ".x", "Bearer " + token, "x".repeat(500)}) {
            assertThat(tokens.verify(ACME, junk)).as(junk).isEmpty();
        }
        now.set(now.get().plus(Duration.ofMinutes(59)));
        assertThat(tokens.verify(ACME, token)).isPresent();
        now.set(now.get().plus(Duration.ofMinutes(1)));
        assertThat(tokens.verify(ACME, token)).as("expired").isEmpty();
    }

    @Test
    void revokingEndsTheSessionsIssuedUntilThenNotLaterOnes() {
        String before = tokens.issue(ACME, CUSTOMER, Duration.ofDays(1));
        String other = tokens.issue(ACME, "a".repeat(32), Duration.ofDays(1));
        now.set(now.get().plusSeconds(5));
        tokens.revokeAll(ACME, CUSTOMER);
        assertThat(tokens.verify(ACME, before)).isEmpty();
        assertThat(tokens.verify(ACME, other)).as("another customer's").isPresent();
        now.set(now.get().plusSeconds(1));
        assertThat(tokens.verify(ACME, tokens.issue(ACME, CUSTOMER, Duration.ofDays(1)))).isPresent();
    }

    @Test
    void theSdkViewIssuesOnlyForTheTenantsCustomersWithinTheLimits() {
        CustomerSessions acme = tokens.forTenant(ACME, CUSTOMER::equals);
        assertThat(acme.verify(acme.issue(CUSTOMER, Duration.ofMinutes(1)))).contains(CUSTOMER);
        assertThatThrownBy(() -> acme.issue("b".repeat(32), Duration.ofHours(1))).isInstanceOfSatisfying(
                PluginException.class, e -> assertThat(e.code()).isEqualTo("RECORD_NOT_FOUND"));
        assertThatThrownBy(() -> acme.issue(CUSTOMER, Duration.ofSeconds(59))).isInstanceOfSatisfying(
                PluginException.class, e -> assertThat(e.code()).isEqualTo("SESSION_TTL_INVALID"));
        assertThatThrownBy(() -> acme.issue(CUSTOMER, CustomerSessions.MAX_TTL.plusSeconds(1))).isInstanceOfSatisfying(
                PluginException.class, e -> assertThat(e.code()).isEqualTo("SESSION_TTL_INVALID"));
        assertThatThrownBy(() -> acme.issue("../x", Duration.ofHours(1))).isInstanceOf(PluginException.class);
    }

    @Test
    void aRequestCarriesItsTokenInTheHeaderTheCookieOrTheQueryAndACustomerWebhookNeedsOne() {
        String token = tokens.issue(ACME, CUSTOMER, Duration.ofHours(1));
        assertThat(SessionTokens.carried(Map.of("authorization", List.of("bearer " + token)), Map.of())).contains(token);
        assertThat(SessionTokens.carried(Map.of("cookie", List.of("a=1; quanyu_session=" + token + "; b=2")), Map.of()))
                .contains(token);
        assertThat(SessionTokens.carried(Map.of(), Map.of("session", List.of(token)))).contains(token);
        assertThat(SessionTokens.carried(Map.of("authorization", List.of("Basic eDp5")), Map.of())).isEmpty();

        assertThat(tokens.caller(ACME, true, Map.of("cookie", List.of("quanyu_session=" + token)), Map.of(), "/hooks/acme/p/me"))
                .isEqualTo(CUSTOMER);
        assertThat(tokens.caller(ACME, false, Map.of(), Map.of(), "/hooks/acme/p/signal")).isNull();
        assertThatThrownBy(() -> tokens.caller(GLOBEX, true, Map.of("cookie", List.of("quanyu_session=" + token)), Map.of(),
                "/hooks/globex/p/me")).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CUSTOMER_SESSION_REQUIRED));
        assertThatThrownBy(() -> tokens.caller(ACME, true, Map.of(), Map.of(), "/hooks/acme/p/me"))
                .isInstanceOf(QuanyuException.class);
    }
}
