package io.quanyu.objects.schema;

import io.quanyu.objects.model.ObjectType;

import java.util.Optional;

/** The other object types of the same tenant, for checks that cross objects (reference targets). */
@FunctionalInterface
public interface ObjectCatalog {
    Optional<ObjectType> find(String apiName);
}
