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
    TENANT_USER_EXISTS(CONFLICT, "Another user already has this {field}"),
    TENANT_USER_NOT_FOUND(NOT_FOUND, "There is no user {user} in this tenant"),
    SELF_CHANGE_REFUSED(FAILED_PRECONDITION, "You cannot {action} your own account"),
    API_CLIENT_EXISTS(CONFLICT, "An API client {clientId} already exists"),
    API_CLIENT_NOT_FOUND(NOT_FOUND, "There is no API client {client} in this tenant"),
    TENANT_PROVISIONING_FAILED(UNAVAILABLE, "Tenant {tenant} could not be provisioned ({step}); nothing was kept"),
    TENANT_EXPORT_FAILED(UNAVAILABLE, "Tenant {tenant} could not be exported; nothing was deleted"),
    RATE_LIMITED(RESOURCE_EXHAUSTED, "Too many API calls for tenant {tenant}; retry after {retryAfterSeconds} s"),
    DEPENDENCY_UNAVAILABLE(UNAVAILABLE, "{dependency} is unavailable"),
    OBJECT_DEFINITION_INVALID(INVALID_ARGUMENT, "The definition of object type {object} is not valid"),
    RECORD_VALIDATION_FAILED(INVALID_ARGUMENT, "The {object} record is not valid"),
    OBJECT_NOT_FOUND(NOT_FOUND, "There is no object type {object}"),
    OBJECT_EXISTS(CONFLICT, "Object type {object} already exists"),
    OBJECT_CHANGE_REFUSED(FAILED_PRECONDITION, "The change to {object} cannot be made: {reason}"),
    OBJECT_MANAGED_BY_PLUGIN(FAILED_PRECONDITION, "Object type {object} belongs to plugin {plugin}: only the plugin changes it and its records"),
    OBJECT_CHANGE_IN_PROGRESS(CONFLICT, "Object type {object} is being migrated ({migration}); retry when it is done"),
    MIGRATION_NOT_FOUND(NOT_FOUND, "There is no migration {migration}"),
    RECORD_NOT_FOUND(NOT_FOUND, "There is no {object} record {id}"),
    VERSION_CONFLICT(CONFLICT, "The {object} record {id} was changed by someone else (now version {current})"),
    RECORD_DUPLICATE(CONFLICT, "Another {object} record already has this {field}"),
    RECORD_REFERENCED(CONFLICT, "The {object} record {id} is still referenced by {referrer} records"),
    QUERY_INVALID(INVALID_ARGUMENT, "The query is not valid"),
    NODE_ID_INVALID(INVALID_ARGUMENT, "The id is not a global id; pass a record's id field, not its _id"),
    QUOTA_EXCEEDED(RESOURCE_EXHAUSTED, "The tenant's quota of {limit} {resource} is used up"),
    GRAPHQL_INVALID(INVALID_ARGUMENT, "The GraphQL request is not valid"),
    QUERY_TOO_DEEP(INVALID_ARGUMENT, "The query nests deeper than {limit} levels"),
    QUERY_TOO_COMPLEX(INVALID_ARGUMENT, "The query could return more than {limit} items"),
    QUERY_TIMEOUT(UNAVAILABLE, "The query took longer than {limit}"),
    PLUGIN_PACKAGE_CORRUPT(INVALID_ARGUMENT, "The plugin package is not a readable zip: {reason}"),
    PLUGIN_PACKAGE_TOO_LARGE(ErrorCategory.PAYLOAD_TOO_LARGE, "The plugin package exceeds {limit}: {reason}"),
    PLUGIN_PACKAGE_UNSAFE_ENTRY(INVALID_ARGUMENT, "The plugin package has an unsafe entry {entry}: {reason}"),
    PLUGIN_PACKAGE_LAYOUT_INVALID(INVALID_ARGUMENT, "The plugin package layout is not valid: {reason}"),
    PLUGIN_MANIFEST_MISSING(INVALID_ARGUMENT, "The plugin package has no META-INF/quanyu/plugin.json"),
    PLUGIN_MANIFEST_INVALID(INVALID_ARGUMENT, "The plugin manifest is not valid"),
    PLUGIN_SDK_INCOMPATIBLE(FAILED_PRECONDITION, "Plugin {plugin} requires SDK {requires}; this platform has SDK {sdk}"),
    PLUGIN_SIGNATURE_MISSING(INVALID_ARGUMENT, "The plugin release is not signed"),
    PLUGIN_SIGNATURE_INVALID(INVALID_ARGUMENT, "The plugin release signature does not verify with {publisher}'s registered keys"),
    PLUGIN_CHECKSUM_MISMATCH(INVALID_ARGUMENT, "The plugin package's sha512 does not match {expected}"),
    PLUGIN_PUBLISHER_KEY_INVALID(INVALID_ARGUMENT, "The public key is not a usable Ed25519 or RSA key: {reason}"),
    PLUGIN_PUBLISHER_MISMATCH(ErrorCategory.PERMISSION_DENIED, "Plugin {plugin} belongs to publisher {owner}"),
    PLUGIN_PROVIDER_MISMATCH(ErrorCategory.PERMISSION_DENIED, "The manifest names provider {provider}; you publish as {publisher}"),
    PLUGIN_RELEASE_EXISTS(CONFLICT, "Release {version} of plugin {plugin} already exists"),
    PLUGIN_DOWNGRADE_REFUSED(CONFLICT, "Plugin {plugin} {version} is older than {current}; pass force to do this"),
    PLUGIN_RELEASE_NOT_FOUND(NOT_FOUND, "There is no release {version} of plugin {plugin}"),
    PLUGIN_RELEASE_YANKED(FAILED_PRECONDITION, "Release {version} of plugin {plugin} was yanked"),
    PLUGIN_NOT_FOUND(NOT_FOUND, "There is no plugin {plugin}"),
    PLUGIN_NOT_INSTALLED(NOT_FOUND, "Plugin {plugin} is not installed for this tenant"),
    PLUGIN_ALREADY_INSTALLED(CONFLICT, "Plugin {plugin} is already installed ({version}); upgrade it instead"),
    PLUGIN_NOT_ENABLED(FAILED_PRECONDITION, "Plugin {plugin} is not enabled for this tenant"),
    PLUGIN_LOAD_FAILED(INVALID_ARGUMENT, "Plugin {plugin} could not be loaded: {reason}"),
    PLUGIN_EXTENSION_MISSING(INVALID_ARGUMENT, "Plugin {plugin} declares {kind} {name} but has no extension for it"),
    PLUGIN_SETTINGS_INVALID(INVALID_ARGUMENT, "The settings of plugin {plugin} are not valid"),
    PLUGIN_ACTIVATION_REFUSED(FAILED_PRECONDITION, "Plugin {plugin} refused to be enabled: {reason}"),
    PLUGIN_FAILED(UNAVAILABLE, "Plugin {plugin} failed in {call}"),
    PLUGIN_TIMEOUT(UNAVAILABLE, "Plugin {plugin} did not answer {call} within {limit}"),
    PLUGIN_BUSY(RESOURCE_EXHAUSTED, "Plugin {plugin} is handling too many calls; retry later"),
    PLUGIN_BAD_RESULT(UNAVAILABLE, "Plugin {plugin} returned an invalid result from {call}"),
    PLUGIN_OPERATION_FAILED(FAILED_PRECONDITION, "Plugin {plugin} refused {call}: {reason}"),
    PLUGIN_INPUT_INVALID(INVALID_ARGUMENT, "The input of {call} is not valid"),
    PLUGIN_OPERATION_NOT_FOUND(NOT_FOUND, "Plugin {plugin} {version} has no operation {operation}"),
    WEBHOOK_NOT_FOUND(NOT_FOUND, "No plugin webhook at {path}"),
    CUSTOMER_SESSION_REQUIRED(UNAUTHENTICATED, "A valid customer session is required for {path}"),
    DEAD_LETTER_NOT_FOUND(NOT_FOUND, "There is no dead letter {id} of this plugin"),
    EVENT_INVALID(INVALID_ARGUMENT, "Event {eventId} is not valid"),
    EVENT_TIME_IN_FUTURE(INVALID_ARGUMENT, "Event {eventId} is dated {time}, more than {tolerance} minutes ahead of the server's clock"),
    EVENT_BATCH_TOO_LARGE(INVALID_ARGUMENT, "A batch holds at most {limit} events or orders"),
    IDENTITY_TYPE_UNKNOWN(INVALID_ARGUMENT, "There is no identity type {type}"),
    IDENTITY_INVALID(INVALID_ARGUMENT, "The {type} identity '{value}' is not valid: {reason}"),
    CUSTOMER_NOT_FOUND(NOT_FOUND, "There is no customer {customer}"),
    CUSTOMER_MERGED(CONFLICT, "Customer {customer} was merged into {survivor}"),
    MERGE_NOT_FOUND(NOT_FOUND, "There is no merge {merge}"),
    MERGE_REFUSED(FAILED_PRECONDITION, "The customers cannot be merged: {reason}"),
    UNMERGE_REFUSED(FAILED_PRECONDITION, "Merge {merge} cannot be undone: {reason}"),
    SUGGESTION_NOT_FOUND(NOT_FOUND, "There is no open merge suggestion {suggestion}"),
    MESSAGE_TEMPLATE_NOT_FOUND(NOT_FOUND, "There is no message template {template}"),
    MESSAGE_TEMPLATE_INVALID(INVALID_ARGUMENT, "Message template {template} is not valid: {reason}"),
    DELIVERY_NOT_FOUND(NOT_FOUND, "There is no delivery {sendId}"),
    BROADCAST_NOT_FOUND(NOT_FOUND, "There is no broadcast {id}"),
    SEGMENT_NOT_FOUND(NOT_FOUND, "There is no segment {segment}"),
    SEGMENT_CYCLE(CONFLICT, "Segment {segment} would depend on itself: {path}"),
    SEGMENT_IN_USE(CONFLICT, "Segment {segment} is used by {dependents}"),
    SEGMENT_NOT_A_LIST(CONFLICT, "Segment {segment} is kept by its rule, not by uploaded lists"),
    JOURNEY_NOT_FOUND(NOT_FOUND, "There is no journey {journey}"),
    JOURNEY_NOT_PUBLISHED(FAILED_PRECONDITION, "Journey {journey} has no published version yet"),
    JOURNEY_REPAIR_REFUSED(FAILED_PRECONDITION, "Customer {customer}'s enrollment cannot be repaired so: {reason}"),
    JOURNEY_ENTRY_REFUSED(FAILED_PRECONDITION, "Customer {customer} cannot enter journey {journey} now: {reason}");

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
