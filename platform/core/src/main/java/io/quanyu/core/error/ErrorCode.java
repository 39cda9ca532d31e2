package io.quanyu.core.error;

import static io.quanyu.core.error.ErrorCategory.*;

/**
 * Every error a client can see. The enum constant's name is the stable key sent to clients; the template's
 * {@code {name}} placeholders are filled from the exception's details.
 */
public enum ErrorCode {
    INTERNAL_ERROR(INTERNAL, "An internal error occurred; quote the correlation id when reporting it"),
    MALFORMED_REQUEST(INVALID_ARGUMENT, "The request body could not be read: {reason}"),
    REQUEST_VALIDATION_FAILED(INVALID_ARGUMENT, "The request has invalid fields"),
    PAYLOAD_TOO_LARGE(ErrorCategory.PAYLOAD_TOO_LARGE, "The request body exceeds {limitBytes} bytes"),
    UNSUPPORTED_MEDIA_TYPE(ErrorCategory.UNSUPPORTED_MEDIA_TYPE, "Content type {contentType} is not supported"),
    METHOD_NOT_ALLOWED(ErrorCategory.METHOD_NOT_ALLOWED, "Method {method} is not allowed here"),
    ROUTE_NOT_FOUND(NOT_FOUND, "No resource at {path}"),
    AUTHENTICATION_REQUIRED(UNAUTHENTICATED, "A valid bearer token is required"),
    TOKEN_INVALID(UNAUTHENTICATED, "The bearer token is not valid: {reason}"),
    PERMISSION_DENIED(ErrorCategory.PERMISSION_DENIED, "You are not allowed to do this"),
    TENANT_ID_INVALID(INVALID_ARGUMENT, "Tenant id '{tenant}' is not valid: {reason}"),
    TENANT_NOT_FOUND(NOT_FOUND, "Tenant {tenant} does not exist"),
    TENANT_EXISTS(CONFLICT, "Tenant {tenant} already exists"),
    TENANT_UNKNOWN(ErrorCategory.PERMISSION_DENIED, "The token's tenant is not an active tenant of this platform"),
    TENANT_SUSPENDED(ErrorCategory.PERMISSION_DENIED, "Tenant {tenant} is suspended"),
    TENANT_STATE_CONFLICT(FAILED_PRECONDITION, "Tenant {tenant} is {status}; cannot {action}"),
    TENANT_ADMIN_EXISTS(CONFLICT, "A user named {username} already exists"),
    TENANT_PROVISIONING_FAILED(UNAVAILABLE, "Tenant {tenant} could not be provisioned ({step}); nothing was kept"),
    TENANT_EXPORT_FAILED(UNAVAILABLE, "Tenant {tenant} could not be exported; nothing was deleted"),
    RATE_LIMITED(RESOURCE_EXHAUSTED, "Too many API calls for tenant {tenant}; retry after {retryAfterSeconds} s"),
    DEPENDENCY_UNAVAILABLE(UNAVAILABLE, "{dependency} is unavailable"),
    OBJECT_DEFINITION_INVALID(INVALID_ARGUMENT, "The definition of object type {object} is not valid"),
    RECORD_VALIDATION_FAILED(INVALID_ARGUMENT, "The {object} record is not valid"),
    OBJECT_NOT_FOUND(NOT_FOUND, "There is no object type {object}"),
    OBJECT_EXISTS(CONFLICT, "Object type {object} already exists"),
    OBJECT_CHANGE_REFUSED(FAILED_PRECONDITION, "The change to {object} cannot be made: {reason}"),
    OBJECT_CHANGE_IN_PROGRESS(CONFLICT, "Object type {object} is being migrated ({migration}); retry when it is done"),
    MIGRATION_NOT_FOUND(NOT_FOUND, "There is no migration {migration}"),
    RECORD_NOT_FOUND(NOT_FOUND, "There is no {object} record {id}"),
    VERSION_CONFLICT(CONFLICT, "The {object} record {id} was changed by someone else (now version {current})"),
    RECORD_DUPLICATE(CONFLICT, "Another {object} record already has this {field}"),
    RECORD_REFERENCED(CONFLICT, "The {object} record {id} is still referenced by {referrer} records"),
    QUERY_INVALID(INVALID_ARGUMENT, "The query is not valid"),
    QUOTA_EXCEEDED(RESOURCE_EXHAUSTED, "The tenant's quota of {limit} {resource} is used up"),
    GRAPHQL_INVALID(INVALID_ARGUMENT, "The GraphQL request is not valid"),
    QUERY_TOO_DEEP(INVALID_ARGUMENT, "The query nests deeper than {limit} levels"),
    QUERY_TOO_COMPLEX(INVALID_ARGUMENT, "The query could return more than {limit} items"),
    QUERY_TIMEOUT(UNAVAILABLE, "The query took longer than {limit}");

    private final ErrorCategory category;
    private final String template;

    ErrorCode(ErrorCategory category, String template) {
        this.category = category;
        this.template = template;
    }

    public ErrorCategory category() {
        return category;
    }

    public String template() {
        return template;
    }
}
