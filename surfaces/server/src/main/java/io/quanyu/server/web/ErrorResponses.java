package io.quanyu.server.web;

import io.quanyu.core.error.ErrorCategory;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Map;

/**
 * The one place that turns a {@link QuanyuException} into an HTTP response: the status comes from the error's
 * category, the body is an {@link ErrorBody} with the request's correlation id. Used by the MVC exception handler
 * and by servlet filters alike.
 */
@Component
public class ErrorResponses {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);
    private final JsonMapper json;

    public ErrorResponses(JsonMapper json) {
        this.json = json;
    }

    public static HttpStatus statusOf(ErrorCategory category) {
        return switch (category) {
            case INVALID_ARGUMENT -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case METHOD_NOT_ALLOWED -> HttpStatus.METHOD_NOT_ALLOWED;
            case CONFLICT -> HttpStatus.CONFLICT;
            case FAILED_PRECONDITION -> HttpStatus.UNPROCESSABLE_CONTENT;
            case PAYLOAD_TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNSUPPORTED_MEDIA_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case RESOURCE_EXHAUSTED -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    public ErrorBody body(QuanyuException e) {
        boolean internal = e.code().category() == ErrorCategory.INTERNAL;
        return new ErrorBody(e.code().name(), e.getMessage(), CorrelationIdFilter.current(),
                internal ? Map.of() : e.details(), e.violations());
    }

    public ResponseEntity<ErrorBody> entity(QuanyuException e) {
        logged(e);
        return ResponseEntity.status(statusOf(e.code().category())).contentType(MediaType.APPLICATION_JSON).body(body(e));
    }

    /** Writes the error straight to a servlet response (for filters, entry points and handlers outside MVC). */
    public void write(HttpServletResponse response, QuanyuException e) throws IOException {
        logged(e);
        response.setStatus(statusOf(e.code().category()).value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body(e));
    }

    public static QuanyuException internal(Throwable cause) {
        return new QuanyuException(ErrorCode.INTERNAL_ERROR, Map.of(), cause);
    }

    private static void logged(QuanyuException e) {
        var category = e.code().category();
        if (category == ErrorCategory.INTERNAL || category == ErrorCategory.UNAVAILABLE) {
            log.error("{}: {}", e.code(), e.getMessage(), e);
        } else {
            log.info("{}: {} (tenant {})", e.code(), e.getMessage(), MDC.get("tenant"));
        }
    }
}
