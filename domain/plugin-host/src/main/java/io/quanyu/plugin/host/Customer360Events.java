package io.quanyu.plugin.host;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.call.CallContext;
import io.quanyu.customer360.Customers;
import io.quanyu.customer360.EventResult;
import io.quanyu.plugin.sdk.Event;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Optional;

/** Plugins' events and customer lookups on the customer 360: the same ingestion and identities as the API's. */
public final class Customer360Events implements CustomerEvents {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Customers customers;

    public Customer360Events(Customers customers) {
        this.customers = customers;
    }

    @Override
    public void emit(CallContext call, Event event) {
        ArrayNode batch = JSON.createArrayNode();
        ObjectNode e = batch.addObject().put("eventId", event.id()).put("type", event.type())
                .put("time", event.occurredAt().toString());
        ObjectNode identities = e.putObject("identities");
        event.identities().forEach(identities::put);
        e.set("properties", JSON.valueToTree(event.properties()));
        EventResult result = customers.track(call, batch).getFirst();
        if ("rejected".equals(result.status())) {
            throw new QuanyuException(ErrorCode.EVENT_INVALID, Map.of("eventId", event.id()), result.violations(), null);
        }
    }

    @Override
    public Optional<String> findByIdentity(CallContext call, String type, String value) {
        return customers.findByIdentity(call, type, value);
    }
}
