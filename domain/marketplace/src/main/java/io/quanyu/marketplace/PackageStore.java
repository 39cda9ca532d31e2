package io.quanyu.marketplace;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import org.bson.Document;
import org.bson.types.ObjectId;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

/** Release zips in the GridFS bucket {@code mp_packages} ({@code mp_packages.files}, {@code mp_packages.chunks}). */
final class PackageStore {
    private static final int CHUNK = 4 * 1024 * 1024;
    private final GridFSBucket bucket;

    PackageStore(MongoDatabase db) {
        this.bucket = GridFSBuckets.create(db, "mp_packages").withChunkSizeBytes(CHUNK);
    }

    ObjectId put(String pluginId, String version, String sha512, byte[] zip) {
        var options = new GridFSUploadOptions().chunkSizeBytes(CHUNK)
                .metadata(new Document("pluginId", pluginId).append("version", version).append("sha512", sha512));
        return bucket.uploadFromStream(pluginId + "/" + version + ".zip", new ByteArrayInputStream(zip), options);
    }

    byte[] get(ObjectId id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bucket.downloadToStream(id, out);
        return out.toByteArray();
    }

    /** Removes a package; used to undo a publish that did not complete. */
    void delete(ObjectId id) {
        bucket.delete(id);
    }
}
