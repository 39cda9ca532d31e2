package io.quanyu.mongodb;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantId;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A handle on one tenant's database. It can reach only that tenant's collections: there is no way to name another
 * database through it, and collection names that MongoDB would treat specially are refused.
 */
public final class TenantDatabase {
    private static final Pattern COLLECTION = Pattern.compile("[a-z][a-zA-Z0-9_]{0,63}");

    private final TenantId tenant;
    private final MongoDatabase database;

    TenantDatabase(TenantId tenant, MongoDatabase database) {
        this.tenant = tenant;
        this.database = database;
    }

    public TenantId tenant() {
        return tenant;
    }

    public MongoCollection<Document> collection(String name) {
        if (name == null || !COLLECTION.matcher(name).matches()) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/collection", "pattern",
                    "collection names start with a lowercase letter and use letters, digits and _ only")));
        }
        return database.getCollection(name);
    }

    /** Names of the tenant's collections, the platform's own marker excluded. */
    public List<String> collectionNames() {
        var names = database.listCollectionNames().into(new ArrayList<>());
        names.remove(MongoTenantDatabases.MARKER_COLLECTION);
        names.sort(String::compareTo);
        return names;
    }
}
