package io.quanyu.plugin.host;

import io.quanyu.core.tenant.TenantId;
import io.quanyu.graphql.RequestScope;

import java.util.List;
import java.util.Map;

/**
 * The plugin operations a tenant has enabled, exposed as root fields of its schema: queries for every caller,
 * mutations for callers who may write data. Field names are the plugin id in camel case, an underscore, and the
 * operation's name ({@code acmeHello_greet}); the input is one {@code JSON} argument checked against the
 * operation's input schema, the answer is {@code JSON}. {@link HostedOperations} implements it on the plugin host;
 * {@link PluginSchema} puts it into the schema.
 */
public interface PluginOperations {

    /** No plugins at all. */
    PluginOperations NONE = new PluginOperations() {
        @Override
        public List<Exposed> forTenant(TenantId tenant) {
            return List.of();
        }

        @Override
        public Map<String, Object> invoke(Exposed operation, RequestScope scope, Map<String, Object> input) {
            throw new IllegalStateException("no plugin operations");
        }
    };

    /** The operations enabled for {@code tenant} now (read on every request, so keep it cheap). */
    List<Exposed> forTenant(TenantId tenant);

    /** The root field of a plugin's operation: the plugin id in camel case, {@code _}, the operation's name. */
    static String fieldName(String pluginId, String operation) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : pluginId.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out + "_" + operation;
    }

    /** Runs an operation for the request's caller and tenant. */
    Map<String, Object> invoke(Exposed operation, RequestScope scope, Map<String, Object> input);

    /**
     * One exposed operation.
     *
     * @param pluginId    the plugin's id
     * @param version     the release enabled for the tenant (part of the schema cache key)
     * @param operation   the operation's name in the manifest
     * @param mutation    whether it changes data (a mutation) or only reads (a query)
     * @param description the operation's description, may be null
     * @param inputSchema the input's JSON Schema, as JSON text (shown in the field's description)
     * @param inputRequired whether the input schema has required properties (then the argument is non-null)
     */
    record Exposed(String pluginId, String version, String operation, boolean mutation, String description,
                   String inputSchema, boolean inputRequired) {

        /** The same operation of another release. */
        public Exposed withVersion(String other) {
            return new Exposed(pluginId, other, operation, mutation, description, inputSchema, inputRequired);
        }

        /** The root field's name, for example {@code acmeHello_greet}. */
        public String field() {
            return fieldName(pluginId, operation);
        }
    }
}
