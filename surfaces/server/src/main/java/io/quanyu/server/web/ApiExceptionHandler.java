package io.quanyu.server.web;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps every exception that leaves a controller to an {@link ErrorBody} through {@link ErrorResponses}. */
@RestControllerAdvice
public class ApiExceptionHandler {
    private final ErrorResponses errors;

    public ApiExceptionHandler(ErrorResponses errors) {
        this.errors = errors;
    }

    @ExceptionHandler(QuanyuException.class)
    ResponseEntity<ErrorBody> quanyu(QuanyuException e) {
        return errors.entity(e);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Optional<QuanyuException> explained = explained(t);
            if (explained.isPresent()) {
                return errors.entity(explained.get());
            }
        }
        String reason = e.getCause() instanceof JacksonException ? "it is not well-formed JSON" : "it is missing or unreadable";
        return errors.entity(new QuanyuException(ErrorCode.MALFORMED_REQUEST, Map.of("reason", reason)));
    }

    /** The error for one cause of an unreadable body, when that cause says more than "not well-formed". */
    private static Optional<QuanyuException> explained(Throwable t) {
        if (t instanceof BodySizeLimitFilter.BodyTooLargeException tooLarge) {
            return Optional.of(tooLarge.toQuanyu());
        }
        if (t instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            return Optional.of(QuanyuException.invalid(List.of(new FieldViolation(pointer(databind),
                    "type", "has the wrong type or shape"))));
        }
        return StrictJson.duplicateKey(t);
    }

    private static String pointer(DatabindException e) {
        var out = new StringBuilder();
        for (var ref : e.getPath()) {
            out.append('/').append(ref.getPropertyName() != null ? ref.getPropertyName() : String.valueOf(ref.getIndex()));
        }
        return out.toString();
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> mediaType(HttpMediaTypeNotSupportedException e) {
        return errors.entity(new QuanyuException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                Map.of("contentType", String.valueOf(e.getContentType()))));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorBody> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return errors.entity(new QuanyuException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, Map.of("contentType", "accepted")));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> method(HttpRequestMethodNotSupportedException e) {
        return errors.entity(new QuanyuException(ErrorCode.METHOD_NOT_ALLOWED, Map.of("method", e.getMethod())));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorBody> notFound(NoResourceFoundException e) {
        return errors.entity(new QuanyuException(ErrorCode.ROUTE_NOT_FOUND, Map.of("path", "/" + e.getResourcePath())));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e) {
        return errors.entity(ErrorResponses.internal(e));
    }
}
