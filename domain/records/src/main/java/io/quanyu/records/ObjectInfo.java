package io.quanyu.records;

import io.quanyu.objects.model.ObjectType;

import java.time.Instant;

/**
 * An object type as a tenant has it now: its definition, the metadata version (0 for an untouched standard object)
 * and the migration under way, if any.
 */
public record ObjectInfo(ObjectType type, long version, Instant updatedAt, String updatedBy, String migrating) {

    public String collection() {
        return collectionOf(type.apiName());
    }

    static String collectionOf(String apiName) {
        return "r_" + apiName;
    }
}
