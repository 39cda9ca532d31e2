package io.quanyu.server.web;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * Answers errors raised outside Spring MVC (the container's own 404s, failures in filters) with the same
 * {@link ErrorBody} as everything else, so no container page or stack trace ever reaches a client.
 */
@RestController
public class FallbackErrorController implements ErrorController {
    private final ErrorResponses errors;

    public FallbackErrorController(ErrorResponses errors) {
        this.errors = errors;
    }

    @RequestMapping("/error")
    ResponseEntity<ErrorBody> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        int code = status instanceof Integer i ? i : 500;
        QuanyuException e = switch (code) {
            case 400 -> new QuanyuException(ErrorCode.MALFORMED_REQUEST, Map.of("reason", "the request is malformed"));
            case 401 -> new QuanyuException(ErrorCode.AUTHENTICATION_REQUIRED, Map.of());
            case 403 -> new QuanyuException(ErrorCode.PERMISSION_DENIED, Map.of());
            case 404 -> new QuanyuException(ErrorCode.ROUTE_NOT_FOUND, Map.of("path", String.valueOf(path)));
            case 405 -> new QuanyuException(ErrorCode.METHOD_NOT_ALLOWED, Map.of("method", request.getMethod()));
            case 413 -> new QuanyuException(ErrorCode.PAYLOAD_TOO_LARGE, Map.of("limitBytes", "the limit"));
            default -> ErrorResponses.internal((Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
        };
        return errors.entity(e);
    }
}
