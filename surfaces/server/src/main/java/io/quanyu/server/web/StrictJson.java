package io.quanyu.server.web;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON is read strictly: an object that gives the same key twice is refused, not read with the last value winning.
 * Set on Spring Boot's one {@code JsonMapper}, which the MVC message converter reads every request body with (REST,
 * GraphQL, events), so no endpoint sees a body that another JSON reader would take differently.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJson {
    /** Jackson's message for a refused duplicate; it has no exception type of its own. */
    private static final String DUPLICATE = "Duplicate Object property";

    @Bean
    JsonMapperBuilderCustomizer strictDuplicateDetection() {
        return StrictJson::strict;
    }

    /** Turns on Jackson's duplicate-key check (at the parser, so every kind of body gets it). */
    static void strict(tools.jackson.databind.json.JsonMapper.Builder builder) {
        builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /**
     * {@code MALFORMED_REQUEST} with a {@code duplicateKey} violation at the repeated key, when {@code e} is the
     * parser's refusal of a duplicate; empty for anything else.
     */
    static Optional<QuanyuException> duplicateKey(Throwable e) {
        if (!(e instanceof StreamReadException read) || !(read.processor() instanceof JsonParser parser)
                || read.getOriginalMessage() == null || !read.getOriginalMessage().startsWith(DUPLICATE)) {
            return Optional.empty();
        }
        var at = parser.streamReadContext();
        String key = at.currentName();
        return Optional.of(new QuanyuException(ErrorCode.MALFORMED_REQUEST,
                Map.of("reason", "the key \"" + key + "\" is given twice in one object", "key", key),
                List.of(new FieldViolation(at.pathAsPointer().toString(), "duplicateKey",
                        "is given more than once in its object")), e));
    }
}
