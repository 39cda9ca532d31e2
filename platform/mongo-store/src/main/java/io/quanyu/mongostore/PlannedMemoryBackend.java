package io.quanyu.mongostore;

import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

import java.util.List;

/**
 * mongo-java-server's memory backend with secondary indexes ({@link LeadingKeyIndex}) and queries planned on them and
 * on unique indexes ({@link IndexPlanner}): the in-JVM store of the tests and benchmarks.
 */
public final class PlannedMemoryBackend extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName, getCursorRegistry());
    }

    private static final class Database extends MemoryDatabase {
        Database(String name, CursorRegistry cursors) {
            super(name, cursors);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String name, CollectionOptions options) {
            return new Collection(this, name, options, cursorRegistry);
        }

        @Override
        protected Index<Integer> openOrCreateSecondaryIndex(String collection, String name, List<IndexKey> keys, boolean sparse) {
            return new LeadingKeyIndex<>(name, keys, sparse);
        }
    }

    private static final class Collection extends MemoryCollection {
        Collection(Database database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                             Document fieldSelector) {
            List<Integer> planned = IndexPlanner.candidates(getIndexes(), query);
            return planned == null ? super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector)
                    : matchDocuments(query, planned, orderBy, skip, limit, batchSize, fieldSelector);
        }
    }
}
