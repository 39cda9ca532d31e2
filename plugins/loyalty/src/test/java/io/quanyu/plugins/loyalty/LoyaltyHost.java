package io.quanyu.plugins.loyalty;

import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.PluginCallException;
import io.quanyu.plugin.testkit.Installed;
import io.quanyu.plugin.testkit.TestHost;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The loyalty plugin on the test kit for tenant {@code acme}, with a clock the test moves and the calls the tests make. */
final class LoyaltyHost implements AutoCloseable {
    static final String TENANT = "acme";
    final TestHost host = TestHost.start();
    final Installed plugin = host.install(LoyaltyZip.build());
    Instant now;

    LoyaltyHost(Instant start) {
        now = start;
        host.services().clock().set(now);
    }

    /** Installs the coupons plugin's newest release built beside this one (its module builds first). */
    Installed installCoupons() {
        try {
            return host.install(java.nio.file.Files.readAllBytes(io.quanyu.plugin.testkit.PluginZipBuilder.newestRelease(
                    java.nio.file.Path.of("..", "coupons", "target"), "coupons")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    Map<String, Object> op(String name, Map<String, Object> input) {
        return host.operation(plugin, TENANT, name, input);
    }

    String refusal(String name, Map<String, Object> input) {
        return catchThrowableOfType(PluginCallException.class, () -> op(name, input)).pluginCode();
    }

    /** A customer known by the phone (+86 and it), made by a page view now. */
    String member(String phone) {
        return host.services().track(TENANT, new Event("e-" + phone, "page_view", now, List.of(Identity.of("phone", "+86" + phone)),
                "web", Map.of())).customerId();
    }

    /** The phone's customer does {@code type} now, with the properties; the subscriptions receive it on {@link #deliver}. */
    void event(String phone, String id, String type, Map<String, Object> properties) {
        host.services().track(TENANT, new Event(id, type, now, List.of(Identity.of("phone", "+86" + phone)), "shop", properties));
    }

    /** An order event of the feed ({@code order}, {@code order_refunded}) for the phone's customer. */
    void order(String phone, String orderNo, String type, double amount, Map<String, Object> more) {
        Map<String, Object> properties = new HashMap<>(Map.of("orderNo", orderNo, "status", type.equals("order") ? "paid" : "refunded",
                "amount", amount));
        properties.putAll(more);
        event(phone, type + ":" + orderNo, type, properties);
    }

    Map<String, Integer> deliver() {
        return host.deliverTracked(plugin, TENANT);
    }

    void later(Duration by) {
        at(now.plus(by));
    }

    void at(Instant to) {
        now = to;
        host.services().clock().set(now);
        host.runDueTasks();
    }

    Map<String, Object> balance(String customer, String program) {
        return op("balance", Map.of("program", program, "customerId", customer));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> facts(String customer) {
        Object plugins = host.services().profile(TENANT, customer).orElseThrow().facts().get("plugins");
        return plugins == null ? Map.of() : (Map<String, Object>) ((Map<String, Object>) plugins).getOrDefault("loyalty", Map.of());
    }

    List<Event> emitted(String type) {
        return host.services().emitted(TENANT).stream().filter(e -> e.type().equals(type)).toList();
    }

    @Override
    public void close() {
        host.close();
    }
}
