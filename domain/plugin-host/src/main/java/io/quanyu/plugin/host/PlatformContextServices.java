package io.quanyu.plugin.host;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.plugin.runtime.CallScope;
import io.quanyu.plugin.runtime.ContextServices;
import io.quanyu.plugin.runtime.PlatformErrors;
import io.quanyu.plugin.runtime.PluginKey;
import io.quanyu.plugin.runtime.SessionTokens;
import io.quanyu.plugin.runtime.RecordArguments;
import io.quanyu.plugin.runtime.TrackRules;
import io.quanyu.plugin.sdk.Customers;
import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Events;
import io.quanyu.plugin.sdk.event.EventPage;
import io.quanyu.plugin.sdk.event.EventQuery;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.RecordPage;
import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.Settings;
import io.quanyu.plugin.sdk.Tracked;
import io.quanyu.records.Page;
import io.quanyu.records.RecordQuery;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The platform's services behind a plugin's context, for the one tenant of the call: records through the guarded
 * records service (the tenant's validation and quotas; only the fields the plugin's caller may read), events and
 * customer lookups through the customer 360 ({@link CustomerEvents}), and the plugin's settings for that tenant.
 * Platform failures reach the plugin as {@link PluginException}s with the platform's error code.
 */
public final class PlatformContextServices implements ContextServices {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** "Creation order" for a plugin's find without a sort: record ids are random, their creation times are not. */
    private static final List<RecordQuery.Sort> CREATION_ORDER = List.of(new RecordQuery.Sort("_createdAt", false));
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final TenantAccess tenants;
    private final io.quanyu.records.Records records;
    private final EnabledPlugins enabled;
    private final PluginSettings settings;
    private final CustomerEvents customers;
    private final PluginStores stores;
    private final PluginTasks tasks;
    private final String publicBase;
    private final SessionTokens sessions;
    private final java.util.function.Supplier<io.quanyu.messaging.@org.jspecify.annotations.Nullable Messaging> messaging;

    /**
     * {@code publicBase}: the address partners and customers reach the platform at, for the plugins' webhook URLs;
     * {@code sessions}: the tenant's customer sessions.
     */
    public PlatformContextServices(TenantAccess tenants, io.quanyu.records.Records records, EnabledPlugins enabled, PluginSettings settings,
                                   CustomerEvents customers, PluginStores stores, PluginTasks tasks, String publicBase,
                                   SessionTokens sessions) {
        this(tenants, records, enabled, settings, customers, stores, tasks, publicBase, sessions, () -> null);
    }

    /** As above, with the delivery service plugins send through and report to ({@code messaging}, read per call). */
    public PlatformContextServices(TenantAccess tenants, io.quanyu.records.Records records, EnabledPlugins enabled, PluginSettings settings,
                                   CustomerEvents customers, PluginStores stores, PluginTasks tasks, String publicBase,
                                   SessionTokens sessions,
                                   java.util.function.Supplier<io.quanyu.messaging.@org.jspecify.annotations.Nullable Messaging> messaging) {
        this.messaging = messaging;
        this.publicBase = publicBase;
        this.sessions = sessions;
        this.customers = customers;
        this.stores = stores;
        this.tasks = tasks;
        this.tenants = tenants;
        this.records = records;
        this.enabled = enabled;
        this.settings = settings;
    }

    @Override
    public Bundle open(PluginKey plugin, CallScope scope) {
        TenantAccess.Handle tenant = tenants.open(scope.tenant());
        String actor = scope.caller() + " via " + plugin.id();
        CallContext call = CallContext.ofPlugin(scope.tenant(), plugin.id(), actor, scope.callerRoles(), tenant.quotas(),
                scope.correlationId());
        Records tenantRecords = new TenantRecords(call);
        Events events = new TenantEvents(call);
        Customers customers = new TenantCustomers(call, tenantRecords);
        Settings pluginSettings = scope.pendingSettings() != null ? scope::pendingSettings
                : () -> enabled.find(scope.tenant(), plugin.id()).map(e -> settings.reveal(e.installation())).orElse(Map.of());
        return new Bundle(tenantRecords, events, customers, pluginSettings, stores.open(tenant.db(), plugin.id()),
                tasks.of(tenant.db(), plugin.id()), publicBase,
                sessions.forTenant(scope.tenant(), id -> tenantRecords.get("customer", id).isPresent()),
                (tenantId, pluginId) -> enabled.find(tenantId, pluginId).map(e -> e.plugin().key()),
                new TenantDeliveries(call), stores.clock());
    }

    /** The SDK's deliveries on the guarded messaging service, for the call's tenant and plugin. */
    private final class TenantDeliveries implements io.quanyu.plugin.sdk.channel.Deliveries {
        private final CallContext call;

        TenantDeliveries(CallContext call) {
            this.call = call;
        }

        private io.quanyu.messaging.Messaging service() {
            io.quanyu.messaging.Messaging m = messaging.get();
            if (m == null) {
                throw new io.quanyu.plugin.sdk.PluginException("MESSAGING_UNAVAILABLE", "this host has no delivery service");
            }
            return m;
        }

        @Override
        public io.quanyu.plugin.sdk.channel.Delivery send(io.quanyu.plugin.sdk.channel.SendRequest request) {
            io.quanyu.messaging.Delivery d = translated(() -> service().send(call, new io.quanyu.messaging.SendCommand(
                    request.customerId(), request.channels(), request.template(), request.variables(), request.purpose(),
                    request.key())));
            return new io.quanyu.plugin.sdk.channel.Delivery(d.sendId(), d.status(), d.channel(), d.reason(), d.duplicate());
        }

        @Override
        public void report(String sendId, io.quanyu.plugin.sdk.channel.DeliveryStatus status, java.time.Instant at,
                           Map<String, Object> detail) {
            translated(() -> {
                service().report(call, sendId, status.name().toLowerCase(java.util.Locale.ROOT), at, detail);
                return null;
            });
        }
    }

    private static <T> T translated(Supplier<T> call) {
        return PlatformErrors.translated(call);
    }

    /** The SDK's customers on the customer 360, for the call's tenant; failures as the platform's codes. */
    private final class TenantCustomers implements Customers {
        private final CallContext call;
        private final Records records;

        TenantCustomers(CallContext call, Records records) {
            this.call = call;
            this.records = records;
        }

        @Override
        public Optional<Map<String, Object>> findByIdentity(io.quanyu.plugin.sdk.Identity identity) {
            return translated(() -> customers.findByIdentity(call, identity)).flatMap(id -> records.get("customer", id));
        }

        @Override
        public Optional<Profile> profile(String customerId) {
            return translated(() -> customers.profile(call, customerId));
        }

        @Override
        public void tag(String customerId, String tag, boolean add) {
            translated(() -> {
                customers.tag(call, customerId, tag, add);
                return null;
            });
        }

        @Override
        public void putFacts(String customerId, Map<String, @Nullable Object> facts) {
            translated(() -> {
                customers.putFacts(call, customerId, facts);
                return null;
            });
        }

        @Override
        public Match matches(String customerId, Map<String, Object> rule) {
            return translated(() -> customers.matches(call, customerId, rule, null));
        }

        @Override
        public Match matches(String customerId, Map<String, Object> rule, Map<String, Object> event) {
            return translated(() -> customers.matches(call, customerId, rule, java.util.Objects.requireNonNull(event, "event")));
        }

        @Override
        public List<String> ruleProblems(Map<String, Object> rule) {
            return io.quanyu.conditions.Conditions.problems(JSON.valueToTree(rule));
        }
    }

    /** The SDK's events on the customer 360's ingestion, for the call's tenant. */
    private final class TenantEvents implements Events {
        private final CallContext call;

        TenantEvents(CallContext call) {
            this.call = call;
        }

        @Override
        public List<Tracked> trackAll(List<Event> events) {
            TrackRules.batch(events);
            return events.isEmpty() ? List.of() : translated(() -> customers.track(call, events));
        }

        @Override
        public EventPage query(EventQuery query) {
            return translated(() -> customers.query(call, query));
        }
    }

    /** The SDK's records on the guarded records service: the plugin's call sees what its caller's roles may read. */
    private final class TenantRecords implements Records {
        private final CallContext call;

        TenantRecords(CallContext call) {
            this.call = call;
        }

        @Override
        public Optional<Map<String, Object>> get(String object, String id) {
            return translated(() -> {
                try {
                    return Optional.of(map(records.get(call, object, id, false)));
                } catch (QuanyuException e) {
                    if (e.code() == ErrorCode.RECORD_NOT_FOUND) {
                        return Optional.empty();
                    }
                    throw e;
                }
            });
        }

        @Override
        public RecordPage find(String object, Map<String, Object> filter, List<Sort> sort, int limit,
                               @Nullable String cursor) {
            List<RecordQuery.Sort> order = sort.isEmpty() ? CREATION_ORDER
                    : sort.stream().map(s -> new RecordQuery.Sort(s.field(), s.descending())).toList();
            return translated(() -> {
                Page page = records.query(call, object, new RecordQuery(tree(filter), order,
                        Math.clamp(limit, 1, RecordQuery.MAX_PAGE), cursor, false).withoutTotal()); // the SDK's page has no total
                return new RecordPage(page.records().stream().map(PlatformContextServices::map).toList(),
                        page.hasNextPage() ? page.endCursor() : null);
            });
        }

        @Override
        public long count(String object, Map<String, Object> filter, long atMost) {
            return translated(() -> records.count(call, object, tree(filter), atMost));
        }

        @Override
        public Map<String, Object> create(String object, Map<String, Object> values) {
            return translated(() -> map(records.create(call, object, JSON.valueToTree(values))));
        }

        @Override
        public Created create(String object, String key, Map<String, Object> values) {
            return translated(() -> {
                io.quanyu.records.Created created = records.createByKey(call, object, key, JSON.valueToTree(values));
                return new Created(map(created.record()), created.created());
            });
        }

        @Override
        public List<Created> createAll(String object, List<Keyed> batch) {
            RecordArguments.batch(batch);
            return translated(() -> records.createAllByKey(call, object, batch.stream().map(Keyed::key).toList(),
                    batch.stream().map(k -> (JsonNode) JSON.valueToTree(k.values())).toList()).stream()
                    .map(c -> new Created(map(c.record()), c.created())).toList());
        }

        @Override
        public Optional<Map<String, Object>> increment(String object, String id, Map<String, ? extends Number> deltas,
                                                       Map<String, Object> guard, @Nullable String onceKey) {
            Map<String, BigDecimal> exact = RecordArguments.exactDeltas(object, deltas);
            return translated(() -> records.increment(call, object, id, exact, tree(guard), onceKey)
                    .map(PlatformContextServices::map));
        }

        @Override
        public Optional<Map<String, Object>> updateWhere(String object, String id, Map<String, Object> guard,
                                                         Map<String, @Nullable Object> changes) {
            return translated(() -> records.updateWhere(call, object, id, tree(guard), JSON.valueToTree(changes))
                    .map(PlatformContextServices::map));
        }

        @Override
        public Map<String, Object> update(String object, String id, long expectedVersion, Map<String, @Nullable Object> changes) {
            ObjectNode patch = JSON.valueToTree(changes);
            patch.put("_version", expectedVersion);
            return translated(() -> map(records.update(call, object, id, patch)));
        }

        @Override
        public void delete(String object, String id) {
            translated(() -> records.delete(call, object, id));
        }
    }

    /** A filter for the records service: null for an empty one. */
    private static @Nullable JsonNode tree(Map<String, Object> filter) {
        return filter.isEmpty() ? null : JSON.valueToTree(filter);
    }

    private static Map<String, Object> map(ObjectNode node) {
        return JSON.convertValue(node, MAP);
    }
}
