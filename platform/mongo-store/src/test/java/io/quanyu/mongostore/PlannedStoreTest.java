package io.quanyu.mongostore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planned backends answer every query as mongo-java-server's own backend does (same documents, same order), over
 * random documents changed by random writes; and the H2 one finds its secondary index's documents after reopening.
 */
class PlannedStoreTest {
    private static final String[] TYPES = {"order", "view", "share"};

    @Test
    void randomQueriesAndWritesGiveWhatTheUnplannedStoreGives() {
        try (Server plain = new Server(new MemoryBackend()); Server planned = new Server(new PlannedMemoryBackend())) {
            Random random = new Random(7);
            for (Server s : List.of(plain, planned)) {
                s.docs().createIndex(Indexes.ascending("customer", "member"));
                s.docs().createIndex(Indexes.compoundIndex(Indexes.ascending("customerId"), Indexes.ascending("type")));
                s.docs().createIndex(Indexes.ascending("tags"));
                s.docs().createIndex(Indexes.ascending("a.b"));
                s.docs().createIndex(Indexes.ascending("code"), new IndexOptions().unique(true).sparse(true));
            }
            for (int round = 0; round < 3_000; round++) {
                int op = random.nextInt(10);
                long seed = random.nextLong();
                assertThat(outcome(planned.docs(), op, seed)).isEqualTo(outcome(plain.docs(), op, seed));
                if (round % 10 == 0) {
                    Bson query = query(random);
                    assertThat(ids(planned.docs(), query)).as("%s", query).isEqualTo(ids(plain.docs(), query));
                }
            }
            assertThat(planned.docs().countDocuments()).isGreaterThan(50);
        }
    }

    @Test
    void theFileStoreBuildsItsSecondaryIndexesAgainWhenItOpens(@TempDir Path dir) {
        String file = dir.resolve("store.mv").toString();
        PlannedH2Backend first = new PlannedH2Backend(file);
        try (Server s = new Server(first)) {
            s.docs().createIndex(Indexes.ascending("customer", "member"));
            for (int i = 0; i < 200; i++) {
                s.docs().insertOne(new Document("_id", "m" + i).append("customer", "c" + i % 20).append("member", i % 2 == 0));
            }
            s.docs().updateOne(Filters.and(Filters.eq("_id", "m4"), Filters.eq("member", true)), Updates.set("customer", "moved"));
        }
        first.close();
        PlannedH2Backend again = new PlannedH2Backend(file);
        try (Server s = new Server(again)) {
            assertThat(ids(s.docs(), Filters.and(Filters.in("customer", List.of("c4", "moved")), Filters.eq("member", true))))
                    .containsExactly("m104", "m124", "m144", "m164", "m184", "m24", "m4", "m44", "m64", "m84");
            s.docs().deleteOne(Filters.eq("_id", "m4"));
            assertThat(ids(s.docs(), Filters.eq("customer", "moved"))).isEmpty();
        } finally {
            again.close();
        }
    }

    /** What the write did: nothing to say, or the error code it met (a duplicate key, on both stores alike). */
    private static int outcome(MongoCollection<Document> docs, int op, long seed) {
        try {
            apply(docs, op, new Random(seed));
            return 0;
        } catch (com.mongodb.MongoWriteException e) {
            return e.getCode();
        }
    }

    private static void apply(MongoCollection<Document> docs, int op, Random r) {
        String id = "d" + r.nextInt(300);
        switch (op) {
            case 0, 1, 2 -> docs.insertOne(document(id, r));
            case 3 -> docs.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("version", r.nextInt(3))),
                    Updates.combine(Updates.inc("version", 1), Updates.set("customer", "c" + r.nextInt(30))));
            case 4 -> docs.updateMany(Filters.eq("customerId", "p" + r.nextInt(20)), Updates.set("type", TYPES[r.nextInt(3)]));
            case 5 -> docs.deleteOne(Filters.and(Filters.eq("_id", id), Filters.exists("version")));
            case 6 -> docs.updateOne(Filters.eq("_id", id), Updates.push("tags", "t" + r.nextInt(5)),
                    new com.mongodb.client.model.UpdateOptions().upsert(true));
            case 7 -> docs.updateOne(Filters.and(Filters.eq("_id", id), Filters.exists("version", false)),
                    Updates.set("version", 0), new com.mongodb.client.model.UpdateOptions().upsert(true));
            case 8 -> docs.findOneAndUpdate(Filters.and(Filters.eq("customer", "c" + r.nextInt(30)), Filters.eq("member", true)),
                    Updates.set("member", false));
            default -> docs.deleteMany(Filters.and(Filters.eq("customerId", "p" + r.nextInt(20)), Filters.eq("type", "share")));
        }
    }

    private static Document document(String id, Random r) {
        Document d = new Document("_id", id).append("customer", "c" + r.nextInt(30)).append("member", r.nextBoolean())
                .append("version", r.nextInt(3)).append("customerId", "p" + r.nextInt(20)).append("type", TYPES[r.nextInt(3)])
                .append("amount", r.nextBoolean() ? r.nextInt(5) : (double) r.nextInt(5));
        if (r.nextBoolean()) {
            d.append("tags", List.of("t" + r.nextInt(5), "t" + r.nextInt(5)));
        }
        if (r.nextBoolean()) {
            d.append("a", r.nextBoolean() ? new Document("b", r.nextInt(4)) : List.of(new Document("b", r.nextInt(4)), new Document("b", 9)));
        }
        if (r.nextInt(4) == 0) {
            d.append("code", "k" + id);
        }
        return d;
    }

    private static Bson query(Random r) {
        List<Bson> all = new ArrayList<>();
        switch (r.nextInt(9)) {
            case 0 -> all.add(Filters.eq("_id", "d" + r.nextInt(300)));
            case 1 -> all.add(Filters.in("_id", List.of("d" + r.nextInt(300), "d" + r.nextInt(300), "d" + r.nextInt(300))));
            case 2 -> all.add(Filters.in("customer", List.of("c" + r.nextInt(30), "c" + r.nextInt(30))));
            case 3 -> all.add(Filters.eq("customerId", "p" + r.nextInt(20)));
            case 4 -> all.add(Filters.eq("tags", "t" + r.nextInt(5)));
            case 5 -> all.add(Filters.eq("a.b", r.nextInt(4)));
            case 6 -> all.add(Filters.eq("code", "kd" + r.nextInt(300)));
            case 7 -> all.add(Filters.eq("amount", r.nextInt(5)));
            default -> all.add(Filters.or(Filters.eq("customer", "c1"), Filters.eq("customerId", "p1")));
        }
        if (r.nextBoolean()) {
            all.add(Filters.eq("member", r.nextBoolean()));
        }
        if (r.nextBoolean()) {
            all.add(Filters.in("type", List.of(TYPES[r.nextInt(3)], TYPES[r.nextInt(3)])));
        }
        if (r.nextBoolean()) {
            all.add(Filters.gte("version", r.nextInt(3)));
        }
        return all.size() == 1 ? all.getFirst() : Filters.and(all);
    }

    private static List<String> ids(MongoCollection<Document> docs, Bson query) {
        List<String> out = new ArrayList<>();
        docs.find(query).sort(Sorts.ascending("_id")).forEach(d -> out.add(d.getString("_id")));
        return out;
    }

    private record Server(MongoServer server, MongoClient client) implements AutoCloseable {
        Server(MongoBackend backend) {
            this(start(backend), null);
        }

        private static MongoServer start(MongoBackend backend) {
            if (backend instanceof de.bwaldvogel.mongo.backend.AbstractMongoBackend b) {
                b.version(ServerVersion.MONGO_5_0);
            }
            MongoServer server = new MongoServer(backend);
            server.bind("127.0.0.1", 0);
            return server;
        }

        Server {
            if (client == null) {
                client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
            }
        }

        MongoCollection<Document> docs() {
            return client.getDatabase("t").getCollection("docs");
        }

        @Override
        public void close() {
            client.close();
            server.shutdownNow();
        }
    }
}
