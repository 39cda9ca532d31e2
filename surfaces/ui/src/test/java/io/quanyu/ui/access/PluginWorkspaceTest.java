package io.quanyu.ui.access;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.marketplace.Marketplace;
import io.quanyu.plugin.host.MongoInstallations;
import io.quanyu.plugin.host.Plugins;
import io.quanyu.plugin.host.TenantPlugins;
import io.quanyu.plugin.pkg.PackageLimits;
import io.quanyu.plugin.pkg.PackageReader;
import io.quanyu.testfixtures.InJvmMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Clock;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The plugin screens' rules, as the API's: every tenant role reads the marketplace and the installations; only a
 * tenant admin changes anything. A refused call fails before it reaches the plugin host (which has no runtime here).
 */
class PluginWorkspaceTest {
    private static InJvmMongo server;
    private static MongoClient client;
    private static TenantPlugins plugins;
    private static Marketplace marketplace;

    @BeforeAll
    static void start() {
        server = InJvmMongo.start();
        client = MongoClients.create(server.connectionString());
        MongoDatabase db = client.getDatabase("platform");
        marketplace = new Marketplace(db, new PackageReader(PackageLimits.defaults()), Clock.systemUTC());
        plugins = new TenantPlugins(new MongoInstallations(db), marketplace, null, null, null, null, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static PluginWorkspace as(Role... roles) {
        var context = new TenantContext(new TenantId("acme"), "subject", "someone", Set.of(roles), false);
        return new PluginWorkspace(() -> new Workspace(context, Quotas.DEFAULT),
                new Plugins(new io.quanyu.mongodb.MongoTenantDatabases(client), plugins, null, marketplace, null, null));
    }

    @Test
    void viewerBrowsesAndReadsButChangesNothing() {
        PluginWorkspace viewer = as(Role.VIEWER);
        assertThat(viewer.canManage()).isFalse();
        assertThat(viewer.catalogue("")).isEmpty();
        assertThat(viewer.installed()).isEmpty();
        assertAllChangesDenied(viewer);
    }

    @Test
    void buildersAndIntegratorsDoNotManagePluginsEither() {
        assertThat(as(Role.BUILDER).canManage()).isFalse();
        assertAllChangesDenied(as(Role.BUILDER));
        assertAllChangesDenied(as(Role.INTEGRATOR, Role.VIEWER));
    }

    @Test
    void tenantAdminManagesPlugins() {
        assertThat(as(Role.TENANT_ADMIN).canManage()).isTrue();
        assertThat(as(Role.TENANT_ADMIN).installed()).isEmpty();
    }

    @Test
    void userWithoutATenantRoleSeesNoMarketplace() {
        assertDenied(() -> as().catalogue(""));
        assertDenied(() -> as().releases("acme-hello"));
        assertDenied(() -> as().installed());
    }

    private static void assertAllChangesDenied(PluginWorkspace w) {
        assertDenied(() -> w.install("acme-hello", null));
        assertDenied(() -> w.enable("acme-hello", Map.of("apiKey", "k")));
        assertDenied(() -> w.saveSettings("acme-hello", Map.of("apiKey", "k")));
        assertDenied(() -> w.disable("acme-hello"));
        assertDenied(() -> w.upgrade("acme-hello", "2.0.0", true));
        assertDenied(() -> w.uninstall("acme-hello"));
    }

    private static void assertDenied(Executable call) {
        QuanyuException e = catchThrowableOfType(QuanyuException.class, () -> call.execute());
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
    }
}
