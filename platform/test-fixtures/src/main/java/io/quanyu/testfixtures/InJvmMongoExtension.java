package io.quanyu.testfixtures;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A MongoDB wire server and a driver client for one test class:
 * {@code @RegisterExtension static final InJvmMongoExtension MONGO = new InJvmMongoExtension();} then
 * {@code MONGO.client()}. Started before the class's first test, closed after its last.
 */
public final class InJvmMongoExtension implements BeforeAllCallback, AfterAllCallback {
    private InJvmMongo server;
    private MongoClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = InJvmMongo.start();
        client = MongoClients.create(server.connectionString());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        server.close();
    }

    public MongoClient client() {
        return client;
    }

    public String connectionString() {
        return server.connectionString();
    }
}
