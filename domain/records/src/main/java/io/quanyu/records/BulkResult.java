package io.quanyu.records;

import io.quanyu.core.error.FieldViolation;

import java.util.List;

/** The outcome of one record of a bulk upsert: created, updated or failed (with its error code and violations). */
public record BulkResult(int index, String id, String outcome, String code, List<FieldViolation> violations) {
}
