package io.quanyu.server.objects;

import io.quanyu.objects.schema.ObjectTypeParser;
import io.quanyu.objects.schema.RecordSchemaGenerator;
import io.quanyu.records.Records;
import io.quanyu.records.Migration;
import io.quanyu.records.ObjectInfo;
import io.quanyu.server.security.TenantAuthentication;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * The tenant's object model: list, read (definition and generated JSON Schema), create, change (a versioned
 * migration: 200 when applied, 202 while its data work runs) and delete object types and their fields.
 */
@RestController
@RequestMapping("/api/v1/metadata")
class MetadataController {
    private final Records records;
    private final TenantScope scope;

    MetadataController(Records records, TenantScope scope) {
        this.records = records;
        this.scope = scope;
    }

    @GetMapping("/objects")
    List<ObjectSummary> list(TenantAuthentication caller) {
        return records.objects(scope.call(caller)).stream().map(ObjectSummary::of).toList();
    }

    @GetMapping("/objects/{object}")
    ObjectView get(@PathVariable String object, TenantAuthentication caller) {
        return ObjectView.of(records.object(scope.call(caller), object));
    }

    @GetMapping(value = "/objects/{object}/schema", produces = {"application/schema+json", MediaType.APPLICATION_JSON_VALUE})
    JsonNode schema(@PathVariable String object, TenantAuthentication caller) {
        return RecordSchemaGenerator.generate(records.object(scope.call(caller), object).type());
    }

    @PostMapping(value = "/objects", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ObjectView> create(@RequestBody JsonNode definition, TenantAuthentication caller) {
        ObjectInfo created = records.createObject(scope.call(caller), definition);
        return ResponseEntity.created(URI.create("/api/v1/metadata/objects/" + created.type().apiName()))
                .body(ObjectView.of(created));
    }

    @PutMapping(value = "/objects/{object}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Migration> change(@PathVariable String object, @RequestBody JsonNode definition,
                                     TenantAuthentication caller) {
        return answer(records.changeObject(scope.call(caller), object, definition));
    }

    /** Adds one field to the current definition. */
    @PostMapping(value = "/objects/{object}/fields", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Migration> addField(@PathVariable String object, @RequestBody JsonNode field,
                                       TenantAuthentication caller) {
        return answer(records.addField(scope.call(caller), object, field));
    }

    @DeleteMapping("/objects/{object}/fields/{field}")
    ResponseEntity<Migration> removeField(@PathVariable String object, @PathVariable String field,
                                          TenantAuthentication caller) {
        return answer(records.removeField(scope.call(caller), object, field));
    }

    @DeleteMapping("/objects/{object}")
    Migration delete(@PathVariable String object, TenantAuthentication caller) {
        return records.deleteObject(scope.call(caller), object);
    }

    @GetMapping("/migrations")
    List<Migration> migrations(@RequestParam(required = false) String object, TenantAuthentication caller) {
        return records.migrations(scope.call(caller), object);
    }

    @GetMapping("/migrations/{id}")
    Migration migration(@PathVariable String id, TenantAuthentication caller) {
        return records.migration(scope.call(caller), id);
    }

    private static ResponseEntity<Migration> answer(Migration migration) {
        if (migration.status() == Migration.Status.RUNNING) {
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .location(URI.create("/api/v1/metadata/migrations/" + migration.id())).body(migration);
        }
        return ResponseEntity.ok(migration);
    }

    record ObjectSummary(String apiName, JsonNode label, boolean standard, long version, String migrating) {
        static ObjectSummary of(ObjectInfo info) {
            JsonNode json = ObjectTypeParser.toJson(info.type());
            return new ObjectSummary(info.type().apiName(), json.get("label"), info.type().standard(), info.version(),
                    info.migrating());
        }
    }

    record ObjectView(long version, Instant updatedAt, String updatedBy, String migrating, JsonNode definition) {
        static ObjectView of(ObjectInfo info) {
            return new ObjectView(info.version(), info.updatedAt(), info.updatedBy(), info.migrating(),
                    ObjectTypeParser.toJson(info.type()));
        }
    }
}
