package io.quanyu.customer360;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.records.RecordService;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * Keeps the customer record's contact fields in step with its identities: a profile that gains a phone or e-mail
 * identity gets it in its record's empty {@code phone} / {@code email} field (never overwriting one the tenant set).
 */
final class ContactFields {
    private static final Map<String, String> FIELDS = Map.of("phone", "phone", "email", "email");
    private final RecordService records;

    ContactFields(RecordService records) {
        this.records = records;
    }

    /** Adds the identities' contact values to a new record's input. */
    static void put(ObjectNode input, List<Identity> identities) {
        for (Identity i : identities) {
            String field = FIELDS.get(i.type());
            if (field != null && !input.has(field)) {
                input.put(field, i.value());
            }
        }
    }

    void fill(TenantDatabase db, String customer, List<Identity> claimed, String actor) {
        if (claimed.stream().noneMatch(i -> FIELDS.containsKey(i.type()))) {
            return;
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            ObjectNode current = records.get(db, "customer", customer, false);
            ObjectNode patch = current.objectNode();
            for (Identity i : claimed) {
                String field = FIELDS.get(i.type());
                if (field != null && (!current.has(field) || current.get(field).isNull()) && !patch.has(field)) {
                    patch.put(field, i.value());
                }
            }
            if (patch.isEmpty()) {
                return;
            }
            patch.put("_version", current.path("_version").asLong());
            try {
                records.update(db, "customer", customer, patch, actor);
                return;
            } catch (QuanyuException e) {
                if (e.code() != ErrorCode.VERSION_CONFLICT) {
                    throw e;
                }
            }
        }
    }
}
