package io.quanyu.records;

import tools.jackson.databind.node.ObjectNode;

/**
 * What a create under a caller's key answered: the record as stored now, and whether this call created it (false:
 * an earlier call with the same key did).
 */
public record Created(ObjectNode record, boolean created) {
}
