package io.quanyu.customer360;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.records.BulkResult;
import io.quanyu.records.RecordService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Orders from shops and stores: each order ({@code orderNo}, buyer {@code identities}, {@code status},
 * {@code total}, {@code orderedAt}, optional {@code channel} and {@code lines}: {@code sku}, {@code category},
 * {@code quantity}, {@code amount}, carried on the event for rules by category) is resolved to a customer like an event, upserted into
 * the standard {@code order} object by its number (sending an order again updates it), and, once the order record
 * is saved, turned into a timeline event that moves the monetary aggregates exactly once: {@code order} when first
 * seen, {@code order_cancelled} or {@code order_refunded} (which takes the amount back) when its status says so.
 */
public final class OrderFeed {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Ingestion ingestion;
    private final RecordService records;

    OrderFeed(Ingestion ingestion, RecordService records) {
        this.ingestion = ingestion;
        this.records = records;
    }

    /** A result per order: the order record's outcome and the customer it belongs to. */
    public record OrderResult(int index, String orderNo, String status, String customerId, String code, String message,
                              List<FieldViolation> violations) {
    }

    public List<OrderResult> ingest(TenantDatabase db, Quotas quotas, String actor, JsonNode orders) {
        if (orders == null || !orders.isArray()) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/orders", "type", "must be an array of orders")));
        }
        if (orders.size() > Ingestion.MAX_BATCH) {
            throw new QuanyuException(ErrorCode.EVENT_BATCH_TOO_LARGE, Map.of("limit", Ingestion.MAX_BATCH));
        }
        ArrayNode events = JSON.createArrayNode();
        for (JsonNode order : orders) {
            events.add(event(order));
        }
        List<EventResult> resolved = ingestion.resolve(db, quotas, actor, events);
        List<OrderResult> out = new ArrayList<>();
        ArrayNode upserts = JSON.createArrayNode();
        List<Integer> upsertIndex = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            EventResult r = resolved.get(i);
            out.add(new OrderResult(i, orders.get(i).path("orderNo").asString(null), r.status(), r.customerId(), r.code(),
                    r.message(), r.violations()));
            if (r.customerId() != null) {
                upserts.add(record(orders.get(i), r.customerId()));
                upsertIndex.add(i);
            }
        }
        List<BulkResult> saved = upserts.isEmpty() ? List.of() : records.bulkUpsert(db, "order", upserts, "orderNo", actor, quotas);
        ArrayNode accepted = JSON.createArrayNode();
        List<Integer> acceptedIndex = new ArrayList<>();
        for (int k = 0; k < saved.size(); k++) {
            int i = upsertIndex.get(k);
            BulkResult b = saved.get(k);
            OrderResult r = out.get(i);
            if (b.code() != null) {
                out.set(i, new OrderResult(i, r.orderNo(), "rejected", r.customerId(), b.code(),
                        "the order record was refused", b.violations()));
            } else {
                accepted.add(events.get(i));
                acceptedIndex.add(i);
            }
        }
        List<EventResult> stored = accepted.isEmpty() ? List.of() : ingestion.ingest(db, quotas, actor, accepted);
        for (int k = 0; k < stored.size(); k++) {
            int i = acceptedIndex.get(k);
            OrderResult r = out.get(i);
            out.set(i, new OrderResult(i, r.orderNo(), "stored", stored.get(k).customerId(), null, null, List.of()));
        }
        return out;
    }

    /** The order as a timeline event: its id is per order and status class, so re-sending counts nothing twice. */
    private static ObjectNode event(JsonNode order) {
        String status = order.path("status").asString("created");
        boolean refund = "refunded".equals(status);
        ObjectNode e = JSON.createObjectNode();
        String orderNo = order.path("orderNo").asString("");
        e.put("eventId", (refund ? "order_refunded:" : "order:") + orderNo);
        e.put("type", refund ? "order_refunded" : "cancelled".equals(status) ? "order_cancelled" : "order");
        e.set("time", order.get("orderedAt"));
        if (order.has("channel")) {
            e.set("channel", order.get("channel"));
        }
        e.set("identities", order.get("identities"));
        ObjectNode props = e.putObject("properties").put("orderNo", orderNo).put("status", status);
        props.set("amount", order.path("total").path("amount"));
        props.set("currency", order.path("total").path("currency"));
        if (order.path("lines").isArray()) {
            props.set("lines", order.get("lines"));
        }
        return e;
    }

    private static ObjectNode record(JsonNode order, String customer) {
        ObjectNode r = JSON.createObjectNode();
        r.set("orderNo", order.get("orderNo"));
        r.put("customer", customer);
        r.set("status", order.get("status"));
        r.set("orderedAt", order.get("orderedAt"));
        if (order.has("total")) {
            r.set("total", order.get("total"));
        }
        if (order.has("channel")) {
            r.set("channel", order.get("channel"));
        }
        return r;
    }
}
