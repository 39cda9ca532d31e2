package io.quanyu.server.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quanyu.core.error.FieldViolation;

import java.util.List;
import java.util.Map;

/** The JSON body of every error response. Never carries a stack trace or a class name. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorBody(String code, String message, String correlationId, Map<String, Object> details,
                        List<FieldViolation> violations) {
}
