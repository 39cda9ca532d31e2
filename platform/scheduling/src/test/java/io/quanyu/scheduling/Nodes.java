package io.quanyu.scheduling;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.quanyu.testfixtures.InJvmMongo;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scheduler nodes for a test: each test gets its own platform database on one in-JVM MongoDB wire server, reached
 * over TCP through the official driver; every node made here is closed with the fixture.
 */
final class Nodes implements AutoCloseable {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private final InJvmMongo server;
    private final MongoClient client;
    private final MongoDatabase database;
    private final List<DefaultScheduler> nodes = new ArrayList<>();

    Nodes() {
        this.server = InJvmMongo.start();
        this.client = MongoClients.create(server.connectionString());
        this.database = client.getDatabase("quanyu_platform_" + DATABASES.incrementAndGet());
    }

    /** Short buckets, polls and backoff so tests run in seconds. */
    static SchedulerOptions fast(String node) {
        return SchedulerOptions.defaults().withNodeId(node).withBucket(Duration.ofMillis(100))
                .withPollInterval(Duration.ofMillis(20)).withLease(Duration.ofSeconds(2))
                .withRetry(Duration.ofMillis(100), Duration.ofMillis(400), 3);
    }

    DefaultScheduler node(String name) {
        return node(Clock.systemUTC(), fast(name));
    }

    DefaultScheduler node(Clock clock, SchedulerOptions options) {
        DefaultScheduler node = new DefaultScheduler(database, clock, options);
        nodes.add(node);
        return node;
    }

    MongoDatabase database() {
        return database;
    }

    String connectionString() {
        return server.connectionString();
    }

    @Override
    public void close() {
        nodes.forEach(DefaultScheduler::close);
        client.close();
        server.close();
    }
}
