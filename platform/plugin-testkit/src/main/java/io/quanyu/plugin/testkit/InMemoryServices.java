package io.quanyu.plugin.testkit;

import io.quanyu.plugin.runtime.CallScope;
import io.quanyu.plugin.runtime.ContextServices;
import io.quanyu.plugin.runtime.PluginKey;
import io.quanyu.plugin.runtime.TrackRules;
import io.quanyu.plugin.sdk.Customers;
import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Events;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.RecordPage;
import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.StoreEntry;
import io.quanyu.plugin.sdk.Tracked;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platform's services for plugins, in memory, kept apart per tenant like the real ones: records (with
 * {@code _id} and {@code _version}, equality filters, cursor pages), events tracked with the platform's rules for
 * identities and names (see {@link InMemoryCustomers}: unknown types, missing scopes and values that cannot be
 * normalised are refused), customers found by their identities, settings set by the test, and each plugin's private
 * store per tenant ({@link InMemoryStore}, expiring by {@link #clock()}) and its pending tasks.
 */
public final class InMemoryServices implements ContextServices {
    private final Map<String, Map<String, Map<String, Map<String, Object>>>> records = new ConcurrentHashMap<>();
    private final Map<String, InMemoryCustomers> customers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> settings = new ConcurrentHashMap<>();
    private final Map<String, Map<String, StoreEntry>> stores = new ConcurrentHashMap<>();
    private final TestClock clock = new TestClock();
    private final InMemoryTasks tasks = new InMemoryTasks(clock);

    @Override
    public Bundle open(PluginKey plugin, CallScope scope) {
        String tenant = scope.tenant().value();
        Records tenantRecords = new TenantRecords(tenant);
        Customers tenantCustomers = identity -> customers(tenant).find(identity)
                .flatMap(id -> tenantRecords.get("customer", id));
        return new Bundle(tenantRecords, new TenantEvents(tenant), tenantCustomers,
                () -> settings.getOrDefault(tenant + "/" + plugin.id(), Map.of()),
                new InMemoryStore(stores.computeIfAbsent(tenant + "/" + plugin.id(), k -> InMemoryStore.newEntries()),
                        clock), tasks.of(tenant, plugin));
    }

    /** The pending tasks (what {@link TestHost#runDueTasks()} will run when they are due). */
    InMemoryTasks tasks() {
        return tasks;
    }

    /** The clock of store expiry; it stands still until the test moves it. */
    public TestClock clock() {
        return clock;
    }

    /** Sets a tenant's settings of a plugin, as if saved through the settings form. */
    public void settings(String tenant, String pluginId, Map<String, Object> values) {
        settings.put(tenant + "/" + pluginId, Map.copyOf(values));
    }

    /** Declares one of the tenant's own identity types (values trimmed), as its 360 settings would. */
    public void declareIdentityType(String tenant, String type, boolean scoped) {
        customers(tenant).declare(type, scoped);
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
                values -> String.valueOf(new TenantRecords(t).create("customer", values).get("_id"))));
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
    }

    /** A tenant's records of one object, in insertion order. */
    public List<Map<String, Object>> records(String tenant, String object) {
        return List.copyOf(table(tenant, object).values());
    }

    private Map<String, Map<String, Object>> table(String tenant, String object) {
        return records.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(object, o -> java.util.Collections.synchronizedMap(new LinkedHashMap<>()));
    }

    private static Map<String, Object> copy(Map<String, Object> record) {
        synchronized (record) {
            return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(record));
        }
    }

    private final class TenantRecords implements Records {
        private final String tenant;

        TenantRecords(String tenant) {
            this.tenant = tenant;
        }

        @Override
        public Optional<Map<String, Object>> get(String object, String id) {
            return Optional.ofNullable(table(tenant, object).get(id)).map(InMemoryServices::copy);
        }

        @Override
        public RecordPage find(String object, Map<String, Object> filter, int limit, @Nullable String cursor) {
            List<Map<String, Object>> matching = new ArrayList<>();
            for (Map<String, Object> record : records(tenant, object)) {
                if (matches(record, filter)) {
                    matching.add(record);
                }
            }
            int from = cursor == null ? 0 : Integer.parseInt(cursor);
            int to = Math.min(matching.size(), from + limit);
            return new RecordPage(matching.subList(from, to), to < matching.size() ? String.valueOf(to) : null);
        }

        /** The filter language's {@code and}, {@code or} and {@code eq} (enough for plugin tests). */
        private static boolean matches(Map<String, Object> record, Map<?, ?> filter) {
            if (filter.isEmpty()) {
                return true;
            }
            if (filter.get("and") instanceof List<?> all) {
                return all.stream().allMatch(f -> matches(record, (Map<?, ?>) f));
            }
            if (filter.get("or") instanceof List<?> any) {
                return any.stream().anyMatch(f -> matches(record, (Map<?, ?>) f));
            }
            if (!"eq".equals(filter.get("op"))) {
                throw new PluginException("QUERY_INVALID", "the test host supports and, or and eq only");
            }
            return java.util.Objects.equals(record.get(String.valueOf(filter.get("field"))), filter.get("value"));
        }

        @Override
        public Map<String, Object> create(String object, Map<String, Object> values) {
            Map<String, Object> record = new LinkedHashMap<>(values);
            String id = UUID.randomUUID().toString();
            record.put("_id", id);
            record.put("_version", 1L);
            table(tenant, object).put(id, record);
            return copy(record);
        }

        @Override
        public Map<String, Object> update(String object, String id, long expectedVersion,
                                          Map<String, @Nullable Object> changes) {
            Map<String, Object> record = table(tenant, object).get(id);
            if (record == null) {
                throw new PluginException("RECORD_NOT_FOUND", "There is no " + object + " record " + id);
            }
            synchronized (record) {
                if (((Long) record.get("_version")) != expectedVersion) {
                    throw new PluginException("VERSION_CONFLICT", "The record was changed by someone else");
                }
                changes.forEach((k, v) -> {
                    if (v == null) {
                        record.remove(k);
                    } else {
                        record.put(k, v);
                    }
                });
                record.put("_version", expectedVersion + 1);
                return copy(record);
            }
        }

        @Override
        public void delete(String object, String id) {
            if (table(tenant, object).remove(id) == null) {
                throw new PluginException("RECORD_NOT_FOUND", "There is no " + object + " record " + id);
            }
        }
    }
}
