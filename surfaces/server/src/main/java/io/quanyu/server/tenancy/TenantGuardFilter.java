package io.quanyu.server.tenancy;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.ratelimit.ApiRateLimiter;
import io.quanyu.core.ratelimit.RateDecision;
import io.quanyu.core.tenant.Tenant;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantStatus;
import io.quanyu.server.security.TenantAuthentication;
import io.quanyu.server.web.ErrorResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Runs after token authentication on every API call: the token's tenant must be an active tenant (a suspended one
 * gets 403 {@code TENANT_SUSPENDED}), and the call must fit the tenant's per-minute quota (else 429
 * {@code RATE_LIMITED} with {@code Retry-After}). Platform operators' and publishers' tokens carry a pseudo tenant and pass through.
 * Not a Spring bean on purpose: it runs inside the API security chain only.
 */
public class TenantGuardFilter extends OncePerRequestFilter {
    private final TenantDirectory directory;
    private final ApiRateLimiter limiter;
    private final ErrorResponses errors;

    public TenantGuardFilter(TenantDirectory directory, ApiRateLimiter limiter, ErrorResponses errors) {
        this.directory = directory;
        this.limiter = limiter;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof TenantAuthentication auth)) {
            chain.doFilter(request, response);
            return;
        }
        TenantContext context = auth.context();
        MDC.put("tenant", context.tenant().value());
        if (context.tenant().isPseudo()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<QuanyuException> refusal = check(context, response);
        if (refusal.isPresent()) {
            errors.write(response, refusal.get());
            return;
        }
        chain.doFilter(request, response);
    }

    private Optional<QuanyuException> check(TenantContext context, HttpServletResponse response) {
        String id = context.tenant().value();
        Tenant tenant = directory.find(context.tenant()).orElse(null);
        if (tenant == null || tenant.status() == TenantStatus.DELETED || tenant.status() == TenantStatus.DELETING
                || tenant.status() == TenantStatus.PROVISIONING) {
            return Optional.of(new QuanyuException(ErrorCode.TENANT_UNKNOWN, Map.of()));
        }
        if (tenant.status() == TenantStatus.SUSPENDED) {
            return Optional.of(new QuanyuException(ErrorCode.TENANT_SUSPENDED, Map.of("tenant", id)));
        }
        int limit = tenant.quotas().apiCallsPerMinute();
        RateDecision decision = limiter.acquire(context.tenant(), limit);
        response.setHeader("X-RateLimit-Limit", String.valueOf(limit));
        response.setHeader("X-RateLimit-Remaining", String.valueOf(Math.max(0, limit - decision.used())));
        if (!decision.allowed()) {
            response.setHeader("Retry-After", String.valueOf(decision.retryAfterSeconds()));
            return Optional.of(new QuanyuException(ErrorCode.RATE_LIMITED,
                    Map.of("tenant", id, "retryAfterSeconds", decision.retryAfterSeconds())));
        }
        return Optional.empty();
    }
}
