package io.quanyu.server.objects;

import io.quanyu.records.BulkResult;
import io.quanyu.records.Page;
import io.quanyu.records.RecordQuery;
import io.quanyu.records.Records;
import io.quanyu.server.security.TenantAuthentication;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Records of the tenant's objects: create, read, merge-patch update ({@code _version} required), soft delete,
 * restore, purge, bulk upsert and queries with filters, sort and cursor pagination.
 */
@RestController
@RequestMapping("/api/v1/records/{object}")
class RecordController {
    private final Records records;
    private final TenantScope scope;

    RecordController(Records records, TenantScope scope) {
        this.records = records;
        this.scope = scope;
    }

    /** Full-text search (Chinese works through the standard analyzer); results are read back from the store. */
    @GetMapping("/search")
    List<ObjectNode> search(@PathVariable String object, @RequestParam String q,
                            @RequestParam(defaultValue = "20") int first, TenantAuthentication caller) {
        return records.search(scope.call(caller), object, q, first);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ObjectNode> create(@PathVariable String object, @RequestBody JsonNode body, TenantAuthentication caller) {
        ObjectNode created = records.create(scope.call(caller), object, body);
        return ResponseEntity.created(URI.create("/api/v1/records/" + object + "/" + created.path("_id").asString()))
                .body(created);
    }

    @GetMapping("/{id}")
    ObjectNode get(@PathVariable String object, @PathVariable String id,
                   @RequestParam(defaultValue = "false") boolean includeDeleted, TenantAuthentication caller) {
        return records.get(scope.call(caller), object, id, includeDeleted);
    }

    @PatchMapping(value = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    ObjectNode update(@PathVariable String object, @PathVariable String id, @RequestBody JsonNode patch,
                      TenantAuthentication caller) {
        return records.update(scope.call(caller), object, id, patch);
    }

    /** Soft delete; with {@code purge=true}, removes an already deleted record for good (204). */
    @DeleteMapping("/{id}")
    ResponseEntity<ObjectNode> delete(@PathVariable String object, @PathVariable String id,
                                      @RequestParam(defaultValue = "false") boolean purge, TenantAuthentication caller) {
        if (purge) {
            records.purge(scope.call(caller), object, id);
            return ResponseEntity.noContent().build();
        }
        return ResponseEntity.ok(records.delete(scope.call(caller), object, id));
    }

    @PostMapping("/{id}/restore")
    ObjectNode restore(@PathVariable String object, @PathVariable String id, TenantAuthentication caller) {
        return records.restore(scope.call(caller), object, id);
    }

    /** Body: {@code {"key": "_id" | <unique field>, "records": [...]}}. */
    @PostMapping(value = "/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
    List<BulkResult> bulk(@PathVariable String object, @RequestBody JsonNode body, TenantAuthentication caller) {
        String key = body.path("key").isString() ? body.path("key").stringValue() : "_id";
        return records.bulkUpsert(scope.call(caller), object, body.get("records"), key);
    }

    /** Body: {@code {"filter": ..., "sort": [{"field": "x", "direction": "desc"}], "first": 50, "after": "..."}}. */
    @PostMapping(value = "/query", consumes = MediaType.APPLICATION_JSON_VALUE)
    Page query(@PathVariable String object, @RequestBody JsonNode body, TenantAuthentication caller) {
        List<RecordQuery.Sort> sort = new ArrayList<>();
        body.path("sort").forEach(s -> sort.add(new RecordQuery.Sort(s.path("field").asString(),
                "desc".equalsIgnoreCase(s.path("direction").asString()))));
        var query = new RecordQuery(body.get("filter"), sort, body.path("first").asInt(RecordQuery.DEFAULT_PAGE),
                body.path("after").isString() ? body.path("after").stringValue() : null,
                body.path("includeDeleted").asBoolean(false));
        return records.query(scope.call(caller), object, query);
    }

    @GetMapping
    Page list(@PathVariable String object, @RequestParam(defaultValue = "50") int first,
              @RequestParam(required = false) String after, TenantAuthentication caller) {
        return records.query(scope.call(caller), object, new RecordQuery(null, List.of(), first, after, false));
    }
}
