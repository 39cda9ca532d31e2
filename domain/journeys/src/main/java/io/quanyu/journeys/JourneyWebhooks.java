package io.quanyu.journeys;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.net.EgressPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Journeys' webhook steps: a JSON {@code POST} to the URL a step names, signed the way the Standard Webhooks
 * specification signs ({@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature: v1,<base64
 * HMAC-SHA256 of "<id>.<timestamp>.<body>">}, keyed by the tenant's secret {@code whsec_<base64 key>}), so a partner
 * verifies it with any of that specification's libraries. The id is the step's key: the same on every attempt, the
 * receiver's idempotency key. Every destination passes the platform's {@link EgressPolicy} (public addresses only,
 * but for hosts the operator allows); {@code https} only, but for those hosts. Redirects are not followed.
 */
public final class JourneyWebhooks {
    /** How long a partner has to answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** When a webhook that could not be delivered is tried again, if its answer names no time. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(30);
    static final int MAX_URL_LENGTH = 2_000;
    private static final String PREFIX = "whsec_";
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.]+]?");
    private static final SecureRandom RANDOM = new SecureRandom();
    private final EgressPolicy egress;
    private final HttpClient client;

    public JourneyWebhooks(EgressPolicy egress) {
        this.egress = egress;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * What makes a step's URL one it can never reach: not {@code https} (but for a host the operator allows), or an
     * address literal the policy blocks; checked when a journey is published, as a violation at {@code at}.
     */
    Optional<FieldViolation> refused(URI url, String at) {
        String host = EgressPolicy.normalise(url.getHost());
        int port = port(url);
        if (!"https".equals(url.getScheme()) && !egress.allowsPrivate(host, port)) {
            return Optional.of(new FieldViolation(at, "https", "a webhook goes to an https URL"));
        }
        if (IP_LITERAL.matcher(host).matches()) {
            try {
                egress.resolve(host, port);
            } catch (EgressPolicy.Refused refused) {
                return Optional.of(new FieldViolation(at, "blocked", refused.getMessage()));
            }
        }
        return Optional.empty();
    }

    /**
     * Posts {@code body} to {@code url} signed with {@code secret} under {@code id}: done ({@code {"status": n}}) for
     * a 2xx answer; failed for good ({@code WEBHOOK_REFUSED}) for another answer but 408, 425, 429 and 5xx, and for a
     * destination the policy refuses; failed to be tried again ({@code WEBHOOK_FAILED}, {@code WEBHOOK_UNREACHABLE})
     * after the answer's {@code Retry-After} seconds or {@link #RETRY_AFTER}.
     */
    JourneyPlugins.ActionAnswer post(URI url, String id, byte[] body, String secret, Instant now) {
        Optional<FieldViolation> refused = refused(url, "");
        if (refused.isPresent()) {
            return JourneyPlugins.ActionAnswer.failed("WEBHOOK_REFUSED", refused.get().message(), null);
        }
        try {
            egress.resolve(url.getHost(), port(url));
        } catch (EgressPolicy.Refused blocked) {
            return JourneyPlugins.ActionAnswer.failed(blocked.code(), blocked.getMessage(), null);
        }
        long timestamp = now.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Quanyu-Journeys")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", sign(secret, id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<Void> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            return JourneyPlugins.ActionAnswer.failed("WEBHOOK_UNREACHABLE", url.getHost() + " did not answer: " + e.getMessage(),
                    RETRY_AFTER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JourneyPlugins.ActionAnswer.failed("WEBHOOK_UNREACHABLE", "interrupted", RETRY_AFTER);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return JourneyPlugins.ActionAnswer.done(Map.of("status", status));
        }
        String message = url.getHost() + " answered " + status;
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            return JourneyPlugins.ActionAnswer.failed("WEBHOOK_FAILED", message, retryAfter(response).orElse(RETRY_AFTER));
        }
        return JourneyPlugins.ActionAnswer.failed("WEBHOOK_REFUSED", message, null);
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("retry-after").filter(v -> v.strip().matches("[0-9]{1,6}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v.strip())));
    }

    private static int port(URI url) {
        return url.getPort() >= 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
    }

    /**
     * The {@code webhook-signature} of a message: {@code v1,} and the base64 HMAC-SHA256 of
     * {@code <id>.<timestamp>.<body>} under the secret's key (the base64 after {@code whsec_}).
     */
    static String sign(String secret, String id, long timestamp, byte[] body) {
        byte[] key = Base64.getDecoder().decode(secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new secret: {@code whsec_} and 32 random bytes in base64. */
    static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** A webhook step's URL as written: an absolute http(s) URL with a host, no user info, at most 2,000 characters. */
    static @Nullable URI url(@Nullable String text) {
        if (text == null || text.length() > MAX_URL_LENGTH) {
            return null;
        }
        try {
            URI url = new URI(text);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null || url.getRawUserInfo() != null
                    || url.getRawFragment() != null) {
                return null;
            }
            return url;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
