package io.quanyu.plugin.testkit;

import io.quanyu.plugin.runtime.CallScope;
import io.quanyu.plugin.runtime.ContextServices;
import io.quanyu.plugin.runtime.PluginKey;
import io.quanyu.plugin.runtime.TrackRules;
import io.quanyu.plugin.sdk.Customers;
import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Events;
import io.quanyu.plugin.sdk.event.EventPage;
import io.quanyu.plugin.sdk.event.EventQuery;
import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.StoreEntry;
import io.quanyu.plugin.sdk.Tracked;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platform's services for plugins, in memory, kept apart per tenant like the real ones: records (see
 * {@link InMemoryRecords}: the filter language, sort, count, keyed creates, guarded increments and updates), events tracked with the platform's rules for
 * identities and names (see {@link InMemoryCustomers}: unknown types, missing scopes and values that cannot be
 * normalised are refused), customers found by their identities, settings set by the test, and each plugin's private
 * store per tenant ({@link InMemoryStore}, expiring by {@link #clock()}) and its pending tasks.
 */
public final class InMemoryServices implements ContextServices {
    private final Map<String, InMemoryRecords> records = new ConcurrentHashMap<>();
    private final Map<String, io.quanyu.objects.model.ObjectType> objectTypes = new ConcurrentHashMap<>();
    private final Map<String, InMemoryCustomers> customers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> settings = new ConcurrentHashMap<>();
    private final Map<String, Map<String, StoreEntry>> stores = new ConcurrentHashMap<>();
    private final TestClock clock = new TestClock();
    private volatile String publicBase = "http://localhost:8080";
    private final Map<String, PluginKey> installed = new ConcurrentHashMap<>();
    private final java.util.Set<String> disabled = ConcurrentHashMap.newKeySet();
    private final io.quanyu.plugin.runtime.SessionTokens sessions = new io.quanyu.plugin.runtime.SessionTokens(
            randomKey(), clock, io.quanyu.plugin.runtime.SessionTokens.Revocations.inMemory());
    private final InMemoryTasks tasks = new InMemoryTasks(clock);
    private final InMemoryDeliveries deliveries = new InMemoryDeliveries();

    @Override
    public Bundle open(PluginKey plugin, CallScope scope) {
        String tenant = scope.tenant().value();
        Records tenantRecords = records(tenant).view();
        Customers tenantCustomers = customers(tenant).view(tenantRecords, plugin.id(), clock);
        return new Bundle(tenantRecords, new TenantEvents(tenant), tenantCustomers,
                () -> settings.getOrDefault(tenant + "/" + plugin.id(), Map.of()),
                new InMemoryStore(stores.computeIfAbsent(tenant + "/" + plugin.id(), k -> InMemoryStore.newEntries()),
                        clock), tasks.of(tenant, plugin), publicBase,
                sessions(tenant),
                (tenantId, pluginId) -> disabled.contains(tenantId.value() + "/" + pluginId) ? Optional.empty()
                        : Optional.ofNullable(installed.get(pluginId)),
                deliveries.view(tenant, plugin, id -> tenantRecords.get("customer", id).isPresent()), clock);
    }

    /** The sends handed to connectors, the reports plugins made and the sends they asked for. */
    public InMemoryDeliveries deliveries() {
        return deliveries;
    }

    /** The pending tasks (what {@link TestHost#runDueTasks()} will run when they are due). */
    InMemoryTasks tasks() {
        return tasks;
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return key;
    }

    /**
     * The tenants' customer sessions, as the platform keeps them (signed tokens, expiring by {@link #clock()}): a
     * test issues one to call a customer webhook as the customer's browser would.
     */
    public io.quanyu.plugin.runtime.SessionTokens sessions() {
        return sessions;
    }

    /**
     * One tenant's customer sessions as the SDK's {@link io.quanyu.plugin.sdk.CustomerSessions}: a test issues one, or
     * verifies the one a plugin handed out, with no platform type.
     */
    public io.quanyu.plugin.sdk.CustomerSessions sessions(String tenant) {
        return sessions.forTenant(new io.quanyu.core.tenant.TenantId(tenant),
                id -> records(tenant).view().get("customer", id).isPresent());
    }

    /** Creates a customer of the tenant with these field values and answers its id (for customer sessions). */
    public String createCustomer(String tenant, Map<String, Object> values) {
        return String.valueOf(records(tenant).view().create("customer", values).get("_id"));
    }

    /** Sets the address the plugins' webhook URLs ({@code context.publicUrl}) start with; {@code http://localhost:8080} by default. */
    public void publicBase(String base) {
        this.publicBase = base;
    }

    /** The clock of store expiry; it stands still until the test moves it. */
    public TestClock clock() {
        return clock;
    }

    /** Sets a tenant's settings of a plugin, as if saved through the settings form. */
    public void settings(String tenant, String pluginId, Map<String, Object> values) {
        settings.put(tenant + "/" + pluginId, Map.copyOf(values));
    }

    /** A release the host installed: other plugins may call it (enabled for every tenant until {@link #disable}). */
    void installed(PluginKey key) {
        installed.put(key.id(), key);
        disabled.removeIf(k -> k.endsWith("/" + key.id()));
    }

    /** A release the host uninstalled. */
    void uninstalled(PluginKey key) {
        installed.remove(key.id(), key);
    }

    /** Makes the plugin count as not enabled for the tenant, for other plugins' calls ({@code PLUGIN_NOT_ENABLED}). */
    public void disable(String tenant, String pluginId) {
        disabled.add(tenant + "/" + pluginId);
    }

    /**
     * Sets facts on a customer's profile as the platform would have computed them ({@code scores}, {@code stage},
     * {@code aggregates}, ...): each top-level key replaces what the test kit computes.
     */
    public void profileFacts(String tenant, String customerId, Map<String, Object> facts) {
        customers(tenant).overlay(customerId, facts);
    }

    /** Declares one of the tenant's own identity types (values trimmed), as its 360 settings would. */
    public void declareIdentityType(String tenant, String type, boolean scoped) {
        customers(tenant).declare(type, scoped);
    }

    /**
     * Tracks an event into the tenant's customer 360 from outside any plugin, as the events API does for a shop or a
     * partner: the customer its identities name, made when none does; an event the platform refuses is answered
     * with {@link Tracked#refused()}. {@link TestHost#deliverTracked} hands it to subscribers like the plugins' own.
     */
    public Tracked track(String tenant, Event event) {
        return customers(tenant).track(event);
    }

    /** A customer's profile as a plugin reads it ({@code customers().profile}), tags and plugins' facts included. */
    public Optional<Customers.Profile> profile(String tenant, String customerId) {
        return customers(tenant).view(records(tenant).view(), "test", clock).profile(customerId);
    }

    /** The events stored for a tenant, in order (each id once). */
    public List<Event> emitted(String tenant) {
        return customers(tenant).events();
    }

    /** The id of the customer an event was stored for, if it was stored. */
    public Optional<String> customerOf(String tenant, String eventId) {
        return customers(tenant).customerOf(eventId);
    }

    private InMemoryCustomers customers(String tenant) {
        return customers.computeIfAbsent(tenant, t -> new InMemoryCustomers(
                values -> String.valueOf(records(t).view().create("customer", values).get("_id")), clock));
    }

    /** The SDK's events on the tenant's in-memory customer 360. */
    private final class TenantEvents implements Events {
        private final String tenant;

        TenantEvents(String tenant) {
            this.tenant = tenant;
        }

        @Override
        public List<Tracked> trackAll(List<Event> events) {
            TrackRules.batch(events);
            return events.stream().map(customers(tenant)::track).toList();
        }

        @Override
        public EventPage query(EventQuery query) {
            return customers(tenant).query(query, id -> records(tenant).live("customer").stream()
                    .anyMatch(r -> id.equals(r.get("_id"))));
        }
    }

    /** A tenant's live records of one object (not the deleted ones), in creation order. */
    public List<Map<String, Object>> records(String tenant, String object) {
        return records(tenant).live(object);
    }

    private InMemoryRecords records(String tenant) {
        return records.computeIfAbsent(tenant, t -> new InMemoryRecords(clock, objectTypes::get));
    }

    /**
     * Checks every tenant's writes to these object types as the platform does (a plugin's contributed types, which
     * {@link TestHost#install} declares).
     */
    public void declareObjects(List<io.quanyu.objects.model.ObjectType> types) {
        types.forEach(t -> objectTypes.put(t.apiName(), t));
    }

}
