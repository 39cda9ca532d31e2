package io.quanyu.server.tenancy;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.NewTenant;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.TenantAdmin;
import io.quanyu.core.tenant.TenantId;
import tools.jackson.databind.JsonNode;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and validates a create-tenant request:
 * <pre>{"id": "acme", "name": "Acme", "admin": {"username": "...", "email": "...", "password": "...",
 *  "temporaryPassword": true}, "quotas": {"maxRecords": 1000000, "apiCallsPerMinute": 6000, "maxPlugins": 20}}</pre>
 * {@code password} is optional (one is generated and returned once); {@code quotas} and each limit are optional.
 */
final class TenantRequests {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9.-]{1,190}\\.[A-Za-z]{2,24}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TenantRequests() {
    }

    static NewTenant parse(JsonNode body) {
        var reader = new JsonReader();
        JsonNode root = reader.object(body, "", Set.of("id", "name", "admin", "quotas"));
        if (root == null) {
            reader.check();
        }
        String id = reader.text(root, "", "id", true, TenantId.MAX_LENGTH + 1, null);
        TenantId tenant = tenantId(reader, id);
        String name = reader.text(root, "", "name", true, 100, null);
        TenantAdmin admin = admin(reader, root.get("admin"));
        Quotas quotas = quotas(reader, root.get("quotas"));
        reader.check();
        return new NewTenant(tenant, name, quotas, admin);
    }

    private static TenantId tenantId(JsonReader reader, String id) {
        if (id == null) {
            return null;
        }
        try {
            return TenantId.of(id);
        } catch (QuanyuException e) {
            reader.add(new FieldViolation("/id", "pattern", e.getMessage()));
            return null;
        }
    }

    private static TenantAdmin admin(JsonReader reader, JsonNode node) {
        if (node == null || node.isNull()) {
            reader.add(new FieldViolation("/admin", "required", "is required"));
            return null;
        }
        JsonNode admin = reader.object(node, "/admin", Set.of("username", "email", "password", "temporaryPassword"));
        if (admin == null) {
            return null;
        }
        String username = reader.text(admin, "/admin", "username", true, 64, USERNAME);
        String email = reader.text(admin, "/admin", "email", true, 254, EMAIL);
        String password = reader.text(admin, "/admin", "password", false, 128, null);
        if (password != null && password.length() < 8) {
            reader.add(new FieldViolation("/admin/password", "length", "must be at least 8 characters"));
        }
        Boolean temporary = reader.bool(admin, "/admin", "temporaryPassword");
        return new TenantAdmin(username, email, password == null ? generatedPassword() : password,
                temporary == null || temporary);
    }

    private static Quotas quotas(JsonReader reader, JsonNode node) {
        if (node == null || node.isNull()) {
            return Quotas.DEFAULT;
        }
        JsonNode quotas = reader.object(node, "/quotas", Set.of("maxRecords", "apiCallsPerMinute", "maxPlugins",
                "maxObjectTypes", "maxFieldsPerObject"));
        if (quotas == null) {
            return null;
        }
        Long records = reader.integer(quotas, "/quotas", "maxRecords");
        Long calls = reader.integer(quotas, "/quotas", "apiCallsPerMinute");
        Long plugins = reader.integer(quotas, "/quotas", "maxPlugins");
        Long objects = reader.integer(quotas, "/quotas", "maxObjectTypes");
        Long fields = reader.integer(quotas, "/quotas", "maxFieldsPerObject");
        try {
            return new Quotas(records == null ? Quotas.DEFAULT.maxRecords() : records,
                    clamp(calls, Quotas.DEFAULT.apiCallsPerMinute()), clamp(plugins, Quotas.DEFAULT.maxPlugins()),
                    clamp(objects, Quotas.DEFAULT.maxObjectTypes()), clamp(fields, Quotas.DEFAULT.maxFieldsPerObject()))
                    .validated("/quotas");
        } catch (QuanyuException e) {
            reader.addAll(e.violations());
            return null;
        }
    }

    private static int clamp(Long value, int fallback) {
        if (value == null) {
            return fallback;
        }
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    /** 18 random bytes as URL-safe Base64: 24 characters, 144 bits. */
    static String generatedPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
