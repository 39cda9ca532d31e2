package io.quanyu.core.tenant;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated tenant id: 3 to 32 characters, a lowercase letter then lowercase letters or digits. No separators, so
 * one tenant's database name and index prefix can never be a prefix of another's.
 */
public record TenantId(String value) {
    public static final int MIN_LENGTH = 3;
    public static final int MAX_LENGTH = 32;
    private static final Pattern PATTERN = Pattern.compile("[a-z][a-z0-9]*");
    /** The pseudo tenant of platform operators; never a real tenant. */
    public static final TenantId PLATFORM = new TenantId("platform");
    /** The pseudo tenant of plugin publishers (ISVs); never a real tenant. */
    public static final TenantId ISV = new TenantId("isv");
    private static final Set<String> RESERVED = Set.of(
            "platform", "isv", "admin", "administrator", "local", "config", "system", "quanyu", "root", "master",
            "api", "www", "public", "internal", "default", "null", "undefined", "keycloak", "tenant", "tenants");

    public TenantId {
        String problem = problem(value);
        if (problem != null) {
            throw new QuanyuException(ErrorCode.TENANT_ID_INVALID,
                    Map.of("tenant", String.valueOf(value), "reason", problem));
        }
    }

    /** Parses a tenant id for a new tenant; reserved names are refused. */
    public static TenantId of(String value) {
        if (value != null && RESERVED.contains(value)) {
            throw new QuanyuException(ErrorCode.TENANT_ID_INVALID,
                    Map.of("tenant", value, "reason", "the name is reserved"));
        }
        return new TenantId(value);
    }

    /** Why {@code value} is not a usable tenant id, or null when it is. Reserved names are not checked here. */
    static String problem(String value) {
        if (value == null || value.isEmpty()) {
            return "it is empty";
        }
        if (value.length() < MIN_LENGTH || value.length() > MAX_LENGTH) {
            return "it must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long";
        }
        if (!PATTERN.matcher(value).matches()) {
            return "it must start with a lowercase letter and contain only lowercase letters and digits";
        }
        return null;
    }

    /** Why {@code value} is not a well-formed tenant id, or null when it is (reserved names are not checked). */
    public static String problemOf(String value) {
        return problem(value);
    }

    public static boolean isReserved(String value) {
        return RESERVED.contains(value);
    }

    public boolean isPlatform() {
        return PLATFORM.value.equals(value);
    }

    public boolean isIsv() {
        return ISV.value.equals(value);
    }

    /** Whether this is a pseudo tenant (platform operators, publishers) rather than a tenant with data. */
    public boolean isPseudo() {
        return isPlatform() || isIsv();
    }

    /** The tenant's own MongoDB database. */
    public String databaseName() {
        return "quanyu_t_" + value;
    }

    /** Every Elasticsearch index of the tenant starts with this prefix. */
    public String indexPrefix() {
        return "quanyu-" + value + "-";
    }

    @Override
    public String toString() {
        return value;
    }
}
