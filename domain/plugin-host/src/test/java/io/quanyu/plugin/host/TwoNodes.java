package io.quanyu.plugin.host;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.plugin.host.sample.HelloRelease;
import io.quanyu.plugin.testkit.PluginZipBuilder;
import io.quanyu.testfixtures.InJvmMongo;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;

/**
 * Two plugin nodes on one in-JVM store and one clock, with the sample plugin published, installed and enabled for a
 * tenant, and both schedulers started: the cluster that job and task tests run on.
 */
final class TwoNodes implements AutoCloseable {
    final InJvmMongo server;
    final MongoClient client;
    final Node one;
    final Node two;

    TwoNodes(Clock clock, TenantId tenant) throws Exception {
        server = InJvmMongo.start();
        client = MongoClients.create(server.connectionString());
        one = new Node(client, "quanyu_platform", "one", clock);
        two = new Node(client, "quanyu_platform", "two", clock);
        KeyPair isv = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        one.marketplace.registerKey("acmesoft", "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(isv.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        PluginZipBuilder.SignedRelease release = HelloRelease.zip("1.0.0").buildSigned(isv.getPrivate());
        one.marketplace.publish("acmesoft", release.zip(), release.signature(), false);
        one.plugins.install(one.database(tenant), Quotas.DEFAULT, "admin", "acme-hello", "1.0.0");
        one.plugins.enable(one.database(tenant), Quotas.DEFAULT, "admin", "acme-hello", Map.of("apiKey", "k"));
        one.scheduler.start();
        two.scheduler.start();
    }

    @Override
    public void close() {
        one.close();
        two.close();
        client.close();
        server.close();
    }
}
