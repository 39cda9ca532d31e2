package io.quanyu.plugin.host;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.plugin.host.sample.HelloRelease;
import io.quanyu.plugin.runtime.CallScope;
import io.quanyu.plugin.testkit.PluginZipBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A plugin's object types are the plugin's: installed as {@code managedBy} it, read by every tenant role, changed
 * (definition and records) only by the plugin's own code, and migrated to a newer release's definition on upgrade.
 */
class PluginObjectsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final TenantId acme = new TenantId("acme");
    private TwoNodes cluster;
    private Node node;

    @BeforeEach
    void installed() throws Exception {
        cluster = new TwoNodes(Clock.systemUTC(), acme);
        node = cluster.one;
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aTenantUserReadsThePluginsTypeAndRecordsButChangesNeither() {
        assertThat(node.metadata.get(node.database(acme), "acmehelloCard").type().managedBy()).isEqualTo("acme-hello");
        node.calls.operation(new CallScope(acme, "admin", Set.of(Role.TENANT_ADMIN), "c-1"), "acme-hello", "greet",
                Map.of("name", "Li"));
        CallContext builder = CallContext.of(new TenantContext(acme, "s", "builder", Set.of(Role.BUILDER, Role.TENANT_ADMIN), false),
                Quotas.DEFAULT, "c-2");
        var records = node.guarded;
        String card = records.query(builder, "acmehelloCard", new io.quanyu.records.RecordQuery(null, java.util.List.of(), 10, null, false))
                .records().getFirst().path("_id").asString();

        managed(() -> records.create(builder, "acmehelloCard", JSON.readTree("{\"to\": \"Wang\"}")));
        managed(() -> records.update(builder, "acmehelloCard", card, JSON.readTree("{\"to\": \"Wang\", \"_version\": 1}")));
        managed(() -> records.delete(builder, "acmehelloCard", card));
        managed(() -> records.restore(builder, "acmehelloCard", card));
        managed(() -> records.purge(builder, "acmehelloCard", card));
        managed(() -> records.bulkUpsert(builder, "acmehelloCard", JSON.readTree("[{\"to\": \"Wang\"}]"), null));
        managed(() -> records.addField(builder, "acmehelloCard", JSON.readTree(
                "{\"apiName\": \"note\", \"type\": \"text\", \"label\": {\"en\": \"Note\"}}")));
        managed(() -> records.removeField(builder, "acmehelloCard", "to"));
        managed(() -> records.deleteObject(builder, "acmehelloCard"));
        ObjectNode own = (ObjectNode) JSON.readTree("""
                {"apiName": "stolenCard", "label": {"en": "Stolen"}, "managedBy": "acme-hello",
                 "fields": [{"apiName": "to", "type": "text", "label": {"en": "To"}}]}""");
        assertThatThrownBy(() -> records.createObject(builder, own)).isInstanceOfSatisfying(QuanyuException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_DEFINITION_INVALID);
            assertThat(e.violations()).extracting(v -> v.pointer()).containsExactly("/managedBy");
        });

        assertThat(records.get(builder, "acmehelloCard", card, false).path("to").asString()).isEqualTo("Li");
        assertThat(node.metadata.get(node.database(acme), "acmehelloCard").type().fields()).hasSize(1);
    }

    @Test
    void anUpgradeThatAddsAFieldMigratesTheTypeAndKeepsItsRecords() throws Exception {
        node.calls.operation(new CallScope(acme, "admin", Set.of(Role.TENANT_ADMIN), "c-1"), "acme-hello", "greet",
                Map.of("name", "Li"));
        KeyPair isv = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        node.marketplace.registerKey("acmesoft", "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(isv.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        PluginZipBuilder.SignedRelease two = HelloRelease.zip("2.0.0", HelloRelease.CARD_WITH_NOTE).buildSigned(isv.getPrivate());
        node.marketplace.publish("acmesoft", two.zip(), two.signature(), false);
        var before = node.metadata.get(node.database(acme), "acmehelloCard");

        node.plugins.upgrade(node.database(acme), Quotas.DEFAULT, "admin", "acme-hello", "2.0.0", false);

        var after = node.metadata.get(node.database(acme), "acmehelloCard");
        assertThat(after.type().field("note")).isPresent();
        assertThat(after.type().managedBy()).isEqualTo("acme-hello");
        assertThat(after.version()).isGreaterThan(before.version());
        assertThat(node.database(acme).collection("r_acmehelloCard").countDocuments()).isEqualTo(1);
        node.plugins.disable(node.database(acme), "admin", "acme-hello");
        node.plugins.enable(node.database(acme), Quotas.DEFAULT, "admin", "acme-hello", null);
        assertThat(node.metadata.get(node.database(acme), "acmehelloCard").version())
                .as("enabling again with the same definition changes nothing").isEqualTo(after.version());
    }

    private static void managed(ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_MANAGED_BY_PLUGIN));
    }
}
