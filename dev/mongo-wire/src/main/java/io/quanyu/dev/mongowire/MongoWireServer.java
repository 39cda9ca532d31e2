package io.quanyu.dev.mongowire;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import io.quanyu.mongostore.PlannedH2Backend;

import java.util.concurrent.CountDownLatch;

/**
 * The embedded default document store for {@code dev/run}: mongo-java-server speaking the MongoDB wire protocol on
 * loopback, keeping data in an H2 file, with
 * the secondary indexes and query planning of {@code platform/mongo-store}.
 * Usage: {@code --port 27117 --file data/mongo/quanyu.mv}.
 */
public final class MongoWireServer {

    private MongoWireServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(option(args, "--port", "27117"));
        String file = option(args, "--file", "data/mongo/quanyu.mv");
        PlannedH2Backend backend = new PlannedH2Backend(file);
        backend.version(ServerVersion.MONGO_5_0);
        backend.enableOplog();
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        System.out.println("MongoDB wire server listening on 127.0.0.1:" + port + ", data in " + file);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            backend.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
