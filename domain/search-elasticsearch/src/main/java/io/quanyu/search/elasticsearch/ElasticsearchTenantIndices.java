package io.quanyu.search.elasticsearch;

import static io.quanyu.search.elasticsearch.ElasticsearchCalls.call;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.JsonData;
import io.quanyu.core.tenant.NewTenant;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.core.tenant.TenantResource;

import java.util.List;
import java.util.Map;

/**
 * A tenant's indices all start with {@code quanyu-<tenant>-}. Provisioning installs an index template for that
 * prefix (shards, replicas, the tenant in {@code _meta}); deprovisioning deletes every index with the prefix by name
 * (wildcard deletes are refused by default) and then the template.
 */
public final class ElasticsearchTenantIndices implements TenantResource {
    private final ElasticsearchClient client;
    private final int replicas;

    public ElasticsearchTenantIndices(ElasticsearchClient client, int replicas) {
        this.client = client;
        this.replicas = replicas;
    }

    @Override
    public String name() {
        return "elasticsearch";
    }

    static String templateName(TenantId tenant) {
        return "quanyu-" + tenant.value();
    }

    @Override
    public void provision(NewTenant tenant) {
        TenantId id = tenant.id();
        call(() -> client.indices().putIndexTemplate(t -> t.name(templateName(id))
                .indexPatterns(id.indexPrefix() + "*")
                .priority(100L)
                .meta(Map.of("tenant", JsonData.of(id.value())))
                .template(tt -> tt.settings(s -> s.numberOfShards("1").numberOfReplicas(String.valueOf(replicas))))));
    }

    @Override
    public void deprovision(TenantId tenant) {
        List<String> indices = indices(tenant);
        if (!indices.isEmpty()) {
            call(() -> client.indices().delete(d -> d.index(indices)));
        }
        if (templateExists(tenant)) {
            call(() -> client.indices().deleteIndexTemplate(d -> d.name(templateName(tenant))));
        }
    }

    /** Names of the tenant's indices. */
    public List<String> indices(TenantId tenant) {
        var response = call(() -> client.indices().get(g -> g.index(tenant.indexPrefix() + "*")
                .allowNoIndices(true).ignoreUnavailable(true)));
        return response.result().keySet().stream().sorted().toList();
    }

    public boolean templateExists(TenantId tenant) {
        return call(() -> client.indices().existsIndexTemplate(e -> e.name(templateName(tenant)))).value();
    }
}
