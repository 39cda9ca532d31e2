package io.quanyu.server.security;

import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantId;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

import java.time.Duration;
import java.util.List;

/** Everything a token must satisfy besides its signature: expiry, issuer, audience and a well-formed tenant. */
final class TokenValidators {
    static final String NO_EXPIRY = "it has no expiry";
    static final String WRONG_AUDIENCE = "its audience is not this API";
    static final String NO_TENANT = "it has no tenant claim";
    static final String BAD_TENANT = "its tenant claim is malformed";
    /** Reasons safe to tell a client. */
    static final List<String> REASONS = List.of(NO_EXPIRY, WRONG_AUDIENCE, NO_TENANT, BAD_TENANT);

    private TokenValidators() {
    }

    static OAuth2TokenValidator<Jwt> all(String issuer, String audience, Duration clockSkew) {
        return new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtTimestampValidator(clockSkew),
                new JwtIssuerValidator(issuer),
                TokenValidators.requireExpiry(),
                TokenValidators.audience(audience),
                TokenValidators.tenant()));
    }

    static OAuth2TokenValidator<Jwt> requireExpiry() {
        return jwt -> jwt.getExpiresAt() != null ? OAuth2TokenValidatorResult.success() : failure(NO_EXPIRY);
    }

    static OAuth2TokenValidator<Jwt> audience(String audience) {
        return jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience)
                ? OAuth2TokenValidatorResult.success()
                : failure(WRONG_AUDIENCE);
    }

    static OAuth2TokenValidator<Jwt> tenant() {
        return jwt -> {
            String tenant = jwt.getClaimAsString(TenantTokenConverter.TENANT_CLAIM);
            if (tenant == null) {
                return failure(NO_TENANT);
            }
            try {
                new TenantId(tenant);
                return OAuth2TokenValidatorResult.success();
            } catch (QuanyuException e) {
                return failure(BAD_TENANT);
            }
        };
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
