package io.quanyu.graphql;

/**
 * What a feature adds to every tenant's GraphQL schema: its types, root fields and their fetchers. The engine
 * collects the contributions it is given and names none of them; features (the customer 360, plugin operations,
 * and the engines to come) each contribute their own.
 */
public interface SchemaContribution {

    /**
     * What this contribution shows the request's tenant now, as part of the schema cache key (for example the plugin
     * releases a tenant has enabled); empty when it is the same for every tenant. Called on every request: keep it
     * cheap.
     */
    default String version(RequestScope scope) {
        return "";
    }

    /** Adds the feature's types and fields to a schema being built (for one tenant, capability and role set). */
    void contribute(SchemaParts parts);
}
