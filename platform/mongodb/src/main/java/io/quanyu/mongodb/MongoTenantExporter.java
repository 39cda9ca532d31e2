package io.quanyu.mongodb;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.quanyu.core.tenant.TenantExport;
import io.quanyu.core.tenant.TenantExporter;
import io.quanyu.core.tenant.TenantId;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes every collection of a tenant's database into one zip: {@code <collection>.jsonl} holds one document per line
 * in MongoDB Extended JSON (relaxed, so it re-imports with mongoimport), and {@code manifest.json} lists the counts.
 * The archive is written under a temporary name and moved into place only when complete.
 */
public final class MongoTenantExporter implements TenantExporter {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final JsonWriterSettings JSON = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private final MongoClient client;
    private final Path directory;
    private final Clock clock;

    public MongoTenantExporter(MongoClient client, Path directory, Clock clock) {
        this.client = client;
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public TenantExport export(TenantId tenant) {
        var at = clock.instant();
        Path target = directory.resolve(tenant.value() + "-" + STAMP.format(at) + ".zip");
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(directory);
            var manifest = new Document("tenant", tenant.value()).append("database", tenant.databaseName())
                    .append("exportedAt", java.util.Date.from(at));
            long documents = writeZip(tenant, partial, manifest);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            int collections = manifest.get("collections", Document.class).size();
            return new TenantExport(target.toAbsolutePath().toString(), collections, documents, Files.size(target), at);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new UncheckedIOException("export of tenant " + tenant + " failed", e);
        }
    }

    private long writeZip(TenantId tenant, Path file, Document manifest) throws IOException {
        var database = client.getDatabase(tenant.databaseName());
        var counts = new Document();
        long total = 0;
        try (var zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (String name : database.listCollectionNames().into(new ArrayList<>())) {
                zip.putNextEntry(new ZipEntry(name + ".jsonl"));
                long count = writeCollection(database.getCollection(name), zip);
                zip.closeEntry();
                counts.append(name, count);
                total += count;
            }
            manifest.append("collections", counts).append("documents", total);
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(manifest.toJson(JSON).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return total;
    }

    private static long writeCollection(MongoCollection<Document> collection, OutputStream out) throws IOException {
        long count = 0;
        for (Document doc : collection.find()) {
            out.write(doc.toJson(JSON).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            count++;
        }
        return count;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the partial file is named .part and never mistaken for an export
        }
    }
}
