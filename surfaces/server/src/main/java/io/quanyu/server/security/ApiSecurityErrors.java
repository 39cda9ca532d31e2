package io.quanyu.server.security;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.server.web.ErrorResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;
import java.util.Map;

/**
 * 401 and 403 answers of the API in the platform's error format, with the RFC 6750 {@code WWW-Authenticate}
 * header. The reason given for a bad token is deliberately coarse: it tells a client what to fix, not how the
 * check works.
 */
final class ApiSecurityErrors implements AuthenticationEntryPoint, AccessDeniedHandler {
    private final ErrorResponses errors;

    ApiSecurityErrors(ErrorResponses errors) {
        this.errors = errors;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof OAuth2AuthenticationException || e instanceof InvalidBearerTokenException) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            errors.write(response, new QuanyuException(ErrorCode.TOKEN_INVALID, Map.of("reason", reason(e))));
            return;
        }
        response.setHeader("WWW-Authenticate", "Bearer");
        errors.write(response, new QuanyuException(ErrorCode.AUTHENTICATION_REQUIRED, Map.of()));
    }

    private static String reason(AuthenticationException e) {
        String message = String.valueOf(e.getMessage());
        for (String known : TokenValidators.REASONS) {
            if (message.contains(known)) {
                return known;
            }
        }
        if (message.toLowerCase(java.util.Locale.ROOT).contains("expired")) {
            return "it has expired";
        }
        return "it is malformed or not signed by this platform's identity provider";
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        errors.write(response, new QuanyuException(ErrorCode.PERMISSION_DENIED, Map.of()));
    }
}
