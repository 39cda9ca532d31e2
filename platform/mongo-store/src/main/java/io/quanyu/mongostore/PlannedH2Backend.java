package io.quanyu.mongostore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * mongo-java-server's H2 (file) backend with secondary indexes ({@link LeadingKeyIndex}, built again from the
 * documents when the file opens) and queries planned on them and on unique indexes ({@link IndexPlanner}): the store
 * of {@code dev/run}.
 */
public final class PlannedH2Backend extends H2Backend {

    public PlannedH2Backend(String file) {
        super(file);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName, getMvStore(), getCursorRegistry());
    }

    private static final class Database extends H2Database {
        /**
         * The store, kept apart from H2Database's own (private) field: the parent's constructor opens the collections,
         * through {@link #openOrCreateCollection}, before a field of this class could be set; so it is passed on the side.
         */
        private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();
        private final MVStore store;

        Database(String name, MVStore store, CursorRegistry cursors) {
            super(name, opening(store), cursors);
            this.store = store;
            OPENING.remove();
        }

        private static MVStore opening(MVStore store) {
            OPENING.set(store);
            return store;
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String name, CollectionOptions options) {
            MVStore store = this.store != null ? this.store : OPENING.get();
            String namespace = getFullCollectionNamespace(name);
            MVMap<Object, Document> data = store.openMap("databases." + namespace);
            MVMap<String, Object> meta = store.openMap("meta." + namespace);
            return new Collection(this, name, options, data, meta, cursorRegistry);
        }

        @Override
        protected Index<Object> openOrCreateSecondaryIndex(String collection, String name, List<IndexKey> keys, boolean sparse) {
            return new LeadingKeyIndex<>(name, keys, sparse);
        }
    }

    private static final class Collection extends H2Collection {
        Collection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> data,
                   MVMap<String, Object> meta, CursorRegistry cursors) {
            super(database, name, options, data, meta, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                             Document fieldSelector) {
            List<Object> planned = IndexPlanner.candidates(getIndexes(), query);
            return planned == null ? super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector)
                    : matchDocuments(query, planned, orderBy, skip, limit, batchSize, fieldSelector);
        }
    }
}
