package io.quanyu.graphql;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import io.quanyu.core.error.ErrorCategory;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * GraphQL errors in the platform's terms: {@code extensions.code} is the stable error key, validation failures carry
 * their violations (JSON pointers), internal errors only a correlation id. Errors graphql-java raises itself
 * (syntax, validation) get {@code GRAPHQL_INVALID}.
 */
final class GraphqlErrors implements DataFetcherExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(GraphqlErrors.class);

    @Override
    public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(DataFetcherExceptionHandlerParameters p) {
        Throwable e = p.getException() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                ? c.getCause() : p.getException();
        QuanyuException q = e instanceof QuanyuException known ? known : internal(e);
        GraphQLError error = GraphqlErrorBuilder.newError().message(q.getMessage()).path(p.getPath())
                .location(p.getSourceLocation()).errorType(classification(q)).extensions(extensions(q)).build();
        return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(error).build());
    }

    private static QuanyuException internal(Throwable e) {
        log.error("GraphQL data fetcher failed", e);
        return new QuanyuException(ErrorCode.INTERNAL_ERROR, Map.of(), e);
    }

    static GraphQLError of(QuanyuException q) {
        return GraphqlErrorBuilder.newError().message(q.getMessage()).errorType(classification(q))
                .extensions(extensions(q)).build();
    }

    static Map<String, Object> extensions(QuanyuException q) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", q.code().name());
        if (q.code().category() != ErrorCategory.INTERNAL) {
            if (!q.details().isEmpty()) {
                extensions.put("details", q.details());
            }
            if (!q.violations().isEmpty()) {
                extensions.put("violations", q.violations().stream().map(v -> Map.of("pointer", v.pointer(),
                        "code", v.code(), "message", v.message())).toList());
            }
        }
        extensions.put("correlationId", MDC.get("correlationId") == null ? "none" : MDC.get("correlationId"));
        return extensions;
    }

    private static ErrorClassification classification(QuanyuException q) {
        return switch (q.code().category()) {
            case INVALID_ARGUMENT -> ErrorType.ValidationError;
            case INTERNAL, UNAVAILABLE -> ErrorType.ExecutionAborted;
            default -> ErrorType.DataFetchingException;
        };
    }

    /** Gives graphql-java's own errors (syntax, validation) the platform's code. */
    static Map<String, Object> withCodes(Map<String, Object> result) {
        Object errors = result.get("errors");
        if (!(errors instanceof List<?> list)) {
            return result;
        }
        for (Object item : list) {
            if (item instanceof Map<?, ?> raw) {
                @SuppressWarnings("unchecked")
                Map<String, Object> error = (Map<String, Object>) raw;
                @SuppressWarnings("unchecked")
                Map<String, Object> extensions = (Map<String, Object>) error.computeIfAbsent("extensions", k -> new LinkedHashMap<>());
                extensions.putIfAbsent("code", ErrorCode.GRAPHQL_INVALID.name());
            }
        }
        return result;
    }
}
