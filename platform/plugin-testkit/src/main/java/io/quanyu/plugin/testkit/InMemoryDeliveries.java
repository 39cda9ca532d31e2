package io.quanyu.plugin.testkit;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.plugin.runtime.PluginKey;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.channel.Deliveries;
import io.quanyu.plugin.sdk.channel.Delivery;
import io.quanyu.plugin.sdk.channel.DeliveryStatus;
import io.quanyu.plugin.sdk.channel.Recipient;
import io.quanyu.plugin.sdk.channel.SendRequest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The delivery service as a plugin meets it, in memory: the sends the test hands a connector through
 * {@link TestHost#send} (so their reports can be checked: a plugin reports only on its own channels' sends, once per
 * status), and the sends plugins ask for (recorded as asked, answered {@code sent} on the first channel: the kit
 * renders no template and checks no consent; the platform's integration tests do).
 */
public final class InMemoryDeliveries {
    /** A send handed to a connector. */
    public record Handed(String tenant, String plugin, String channel, String sendId, Recipient recipient) {
    }

    /** A report a plugin made. */
    public record Report(String tenant, String plugin, String sendId, DeliveryStatus status, Instant at,
                         Map<String, Object> detail) {
    }

    /** A send a plugin asked for. */
    public record Asked(String tenant, String plugin, SendRequest request, String sendId) {
    }

    private final Map<String, Handed> handed = new ConcurrentHashMap<>();
    private final List<Report> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Asked> asked = new ConcurrentHashMap<>();

    Handed hand(String tenant, String plugin, String channel, String key, Recipient recipient) {
        Handed h = new Handed(tenant, plugin, channel, io.quanyu.core.messaging.SendIds.of(tenant + "|" + key), recipient);
        handed.put(tenant + "|" + h.sendId(), h);
        return h;
    }

    /** The reports made by plugins for {@code tenant}, oldest first. */
    public List<Report> reports(String tenant) {
        return reports.stream().filter(r -> r.tenant().equals(tenant)).toList();
    }

    /** The sends plugins asked for in {@code tenant}. */
    public List<Asked> asked(String tenant) {
        return asked.values().stream().filter(a -> a.tenant().equals(tenant)).toList();
    }

    Deliveries view(String tenant, PluginKey plugin, Predicate<String> customerExists) {
        return new Deliveries() {
            @Override
            public Delivery send(SendRequest request) {
                if (!customerExists.test(request.customerId())) {
                    throw new PluginException(ErrorCode.CUSTOMER_NOT_FOUND.name(), "There is no customer " + request.customerId());
                }
                if (request.channels().isEmpty()) {
                    throw new PluginException(ErrorCode.REQUEST_VALIDATION_FAILED.name(), "a send names at least one channel");
                }
                String id = io.quanyu.core.messaging.SendIds.of(request.key());
                Asked before = asked.putIfAbsent(tenant + "|" + id, new Asked(tenant, plugin.id(), request, id));
                return new Delivery(id, "sent", request.channels().getFirst(), null, before != null);
            }

            @Override
            public void report(String sendId, DeliveryStatus status, Instant at, Map<String, Object> detail) {
                Handed h = handed.get(tenant + "|" + sendId);
                if (h == null || !h.plugin().equals(plugin.id())) {
                    throw new PluginException(ErrorCode.DELIVERY_NOT_FOUND.name(), "There is no delivery " + sendId);
                }
                boolean seen = reports.stream().anyMatch(r -> r.tenant().equals(tenant) && r.sendId().equals(sendId)
                        && r.status() == status);
                if (!seen) {
                    reports.add(new Report(tenant, plugin.id(), sendId, status, at, Map.copyOf(detail)));
                }
            }
        };
    }
}
