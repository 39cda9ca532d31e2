package io.quanyu.core.error;

/**
 * The kind of failure an {@link ErrorCode} belongs to. The web layer derives the HTTP status (and GraphQL
 * {@code extensions.code} classification) from the category, in one place.
 */
public enum ErrorCategory {
    INVALID_ARGUMENT,
    UNAUTHENTICATED,
    PERMISSION_DENIED,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    CONFLICT,
    FAILED_PRECONDITION,
    PAYLOAD_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    RESOURCE_EXHAUSTED,
    UNAVAILABLE,
    INTERNAL
}
