package io.quanyu.testfixtures;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import io.quanyu.mongostore.PlannedMemoryBackend;

import java.net.InetSocketAddress;

/**
 * A MongoDB wire-protocol server (mongo-java-server, memory backend with the indexes and query planning of
 * {@code platform/mongo-store}) inside the test JVM. Code under test reaches it only through the official driver and
 * {@link #connectionString()}, exactly as it would reach a real replica set.
 */
public final class InJvmMongo implements AutoCloseable {
    private final MongoServer server;
    private final String connectionString;

    private InJvmMongo(MongoServer server, String connectionString) {
        this.server = server;
        this.connectionString = connectionString;
    }

    /**
     * Starts a fresh, empty server on a free loopback port; or, when {@code MONGODB_URI} names a real MongoDB, uses
     * that server instead (then {@link #close()} leaves it running).
     */
    public static InJvmMongo start() {
        String external = System.getenv("MONGODB_URI");
        if (external != null && !external.isBlank()) {
            return new InJvmMongo(null, external);
        }
        PlannedMemoryBackend backend = new PlannedMemoryBackend();
        backend.version(ServerVersion.MONGO_5_0);
        backend.enableOplog();
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        return new InJvmMongo(server, "mongodb://127.0.0.1:" + address.getPort());
    }

    public String connectionString() {
        return connectionString;
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
