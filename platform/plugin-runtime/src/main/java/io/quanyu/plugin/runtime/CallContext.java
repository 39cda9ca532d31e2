package io.quanyu.plugin.runtime;

import io.quanyu.plugin.sdk.CustomerSessions;
import io.quanyu.plugin.sdk.Customers;
import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Events;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.PluginHttp;
import io.quanyu.plugin.sdk.PluginStore;
import io.quanyu.plugin.sdk.RecordPage;
import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.Settings;
import io.quanyu.plugin.sdk.StoreEntry;
import io.quanyu.plugin.sdk.Tasks;
import io.quanyu.plugin.sdk.Tracked;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link PluginContext} of one call. It works only while the call runs: a plugin that keeps it (in a field, a
 * thread it started) gets {@code CONTEXT_CLOSED} afterwards, so it cannot act for the tenant outside a call.
 */
final class CallContext implements PluginContext {
    private final PluginKey plugin;
    private final CallScope scope;
    private final ContextServices.Bundle services;
    private final Logger log;
    private final PluginHttp http;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final Set<String> taskHandlers;
    private final Set<String> webhooks;
    private final Instant deadline;
    private final io.quanyu.plugin.sdk.Plugins plugins;

    CallContext(PluginKey plugin, CallScope scope, ContextServices.Bundle services, Logger log, PluginHttp http,
                io.quanyu.plugin.pkg.PluginManifest manifest, Instant deadline, io.quanyu.plugin.sdk.Plugins plugins) {
        this.plugins = plugins;
        this.taskHandlers = manifest.tasks().stream().map(io.quanyu.plugin.pkg.TaskSpec::name)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.webhooks = manifest.webhooks().stream().map(io.quanyu.plugin.pkg.WebhookSpec::path)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.deadline = deadline;
        this.plugin = plugin;
        this.scope = scope;
        this.services = services;
        this.log = log;
        this.http = http;
    }

    void close() {
        open.set(false);
    }

    private void check() {
        if (!open.get()) {
            throw new PluginException("CONTEXT_CLOSED", "the call this context belongs to has ended");
        }
    }

    @Override
    public String tenant() {
        return scope.tenant().value();
    }

    @Override
    public String pluginId() {
        return plugin.id();
    }

    @Override
    public String pluginVersion() {
        return plugin.version();
    }

    @Override
    public String caller() {
        return scope.caller();
    }

    @Override
    public @Nullable String correlationId() {
        return scope.correlationId();
    }

    @Override
    public Logger log() {
        return log;
    }

    @Override
    public PluginHttp http() {
        return new PluginHttp() {
            @Override
            public java.net.http.HttpResponse<String> send(java.net.http.HttpRequest request) {
                check();
                return http.send(request);
            }

            @Override
            public java.net.http.HttpResponse<byte[]> sendForBytes(java.net.http.HttpRequest request) {
                check();
                return http.sendForBytes(request);
            }

            @Override
            public javax.net.SocketFactory sockets() {
                check();
                return http.sockets();
            }
        };
    }

    @Override
    public Events events() {
        Events target = services.events();
        return new Events() {
            @Override
            public Tracked track(Event event) {
                check();
                return target.track(event);
            }

            @Override
            public List<Tracked> trackAll(List<Event> events) {
                check();
                return target.trackAll(List.copyOf(events));
            }

            @Override
            public io.quanyu.plugin.sdk.event.EventPage query(io.quanyu.plugin.sdk.event.EventQuery query) {
                check();
                return target.query(java.util.Objects.requireNonNull(query, "query"));
            }
        };
    }

    @Override
    public Customers customers() {
        Customers target = services.customers();
        return new Customers() {
            @Override
            public Optional<Map<String, Object>> findByIdentity(io.quanyu.plugin.sdk.Identity identity) {
                check();
                return target.findByIdentity(identity);
            }

            @Override
            public Optional<Profile> profile(String customerId) {
                check();
                return target.profile(customerId);
            }

            @Override
            public void tag(String customerId, String tag, boolean add) {
                check();
                target.tag(customerId, tag, add);
            }

            @Override
            public void putFacts(String customerId, Map<String, @Nullable Object> facts) {
                check();
                target.putFacts(customerId, facts);
            }

            @Override
            public Match matches(String customerId, Map<String, Object> rule) {
                check();
                return target.matches(customerId, rule);
            }

            @Override
            public Match matches(String customerId, Map<String, Object> rule, Map<String, Object> event) {
                check();
                return target.matches(customerId, rule, event);
            }

            @Override
            public List<String> ruleProblems(Map<String, Object> rule) {
                check();
                return target.ruleProblems(rule);
            }
        };
    }

    @Override
    public Tasks tasks() {
        Tasks target = services.tasks();
        return new Tasks() {
            @Override
            public void schedule(String handler, String key, Instant at, Map<String, Object> payload) {
                check();
                declared(handler);
                target.schedule(handler, key, at, payload);
            }

            @Override
            public boolean cancel(String handler, String key) {
                check();
                declared(handler);
                return target.cancel(handler, key);
            }
        };
    }

    private void declared(String handler) {
        if (!taskHandlers.contains(handler)) {
            throw TaskRules.unknownHandler(handler);
        }
    }

    @Override
    public PluginStore store() {
        return new ClosingStore(services.store());
    }

    /** The call's store; like everything of the context it stops working when the call ends. */
    private final class ClosingStore implements PluginStore {
        private final PluginStore target;

        ClosingStore(PluginStore target) {
            this.target = target;
        }

        @Override
        public Optional<StoreEntry> get(String key) {
            check();
            return target.get(key);
        }

        @Override
        public StoreEntry put(String key, Object value, @Nullable Duration ttl) {
            check();
            return target.put(key, value, ttl);
        }

        @Override
        public boolean putIfAbsent(String key, Object value, @Nullable Duration ttl) {
            check();
            return target.putIfAbsent(key, value, ttl);
        }

        @Override
        public Optional<StoreEntry> replace(String key, long expectedVersion, Object value, @Nullable Duration ttl) {
            check();
            return target.replace(key, expectedVersion, value, ttl);
        }

        @Override
        public long increment(String key, long delta, @Nullable Duration ttl) {
            check();
            return target.increment(key, delta, ttl);
        }

        @Override
        public boolean delete(String key) {
            check();
            return target.delete(key);
        }

        @Override
        public PluginStore sealed() {
            check();
            return new ClosingStore(target.sealed());
        }
    }

    @Override
    public io.quanyu.plugin.sdk.Plugins plugins() {
        return new io.quanyu.plugin.sdk.Plugins() {
            @Override
            public boolean enabled(String pluginId) {
                check();
                return plugins.enabled(pluginId);
            }

            @Override
            public Map<String, Object> call(String pluginId, String operation, Map<String, Object> input) {
                check();
                return plugins.call(pluginId, operation, input);
            }
        };
    }

    @Override
    public CustomerSessions sessions() {
        CustomerSessions target = services.sessions();
        return new CustomerSessions() {
            @Override
            public String issue(String customerId, Duration ttl) {
                check();
                return target.issue(customerId, ttl);
            }

            @Override
            public Optional<String> verify(String token) {
                check();
                return target.verify(token);
            }

            @Override
            public void revokeAll(String customerId) {
                check();
                target.revokeAll(customerId);
            }
        };
    }

    @Override
    public String publicUrl(String webhookPath) {
        String path = webhookPath == null ? "" : webhookPath.startsWith("/") ? webhookPath.substring(1) : webhookPath;
        String declared = path.split("[/?#]", 2)[0];
        if (!webhooks.contains(declared) || path.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw new PluginException("WEBHOOK_NOT_DECLARED", "the manifest declares no webhook " + declared
                    + " (declared: " + webhooks.stream().sorted().toList() + ")");
        }
        return services.publicBase() + "/hooks/" + scope.tenant().value() + "/" + plugin.id() + "/" + path;
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public Instant now() {
        return services.clock().instant();
    }

    @Override
    public io.quanyu.plugin.sdk.channel.Deliveries deliveries() {
        io.quanyu.plugin.sdk.channel.Deliveries target = services.deliveries();
        return new io.quanyu.plugin.sdk.channel.Deliveries() {
            @Override
            public io.quanyu.plugin.sdk.channel.Delivery send(io.quanyu.plugin.sdk.channel.SendRequest request) {
                check();
                return target.send(DeliveryRules.send(request, plugin.id()));
            }

            @Override
            public void report(String sendId, io.quanyu.plugin.sdk.channel.DeliveryStatus status, Instant at,
                               Map<String, Object> detail) {
                check();
                DeliveryRules.report(sendId, status, at);
                target.report(sendId, status, at, DeliveryRules.detail(detail));
            }
        };
    }

    @Override
    public Settings settings() {
        return () -> {
            check();
            return services.settings().all();
        };
    }

    @Override
    public Records records() {
        Records target = services.records();
        return new Records() {
            @Override
            public Optional<Map<String, Object>> get(String object, String id) {
                check();
                return target.get(object, id);
            }

            @Override
            public RecordPage find(String object, Map<String, Object> filter, List<Sort> sort, int limit,
                                   @Nullable String cursor) {
                check();
                return target.find(object, filter, sort, limit, cursor);
            }

            @Override
            public long count(String object, Map<String, Object> filter, long atMost) {
                check();
                return target.count(object, filter, atMost);
            }

            @Override
            public Map<String, Object> create(String object, Map<String, Object> values) {
                check();
                return target.create(object, values);
            }

            @Override
            public Created create(String object, String key, Map<String, Object> values) {
                check();
                return target.create(object, key, values);
            }

            @Override
            public List<Created> createAll(String object, List<Records.Keyed> records) {
                check();
                return target.createAll(object, List.copyOf(records));
            }

            @Override
            public Optional<Map<String, Object>> increment(String object, String id,
                                                           Map<String, ? extends Number> deltas,
                                                           Map<String, Object> guard, @Nullable String onceKey) {
                check();
                return target.increment(object, id, deltas, guard, onceKey);
            }

            @Override
            public Optional<Map<String, Object>> updateWhere(String object, String id, Map<String, Object> guard,
                                                             Map<String, @Nullable Object> changes) {
                check();
                return target.updateWhere(object, id, guard, changes);
            }

            @Override
            public Map<String, Object> update(String object, String id, long expectedVersion,
                                              Map<String, @Nullable Object> changes) {
                check();
                return target.update(object, id, expectedVersion, changes);
            }

            @Override
            public void delete(String object, String id) {
                check();
                target.delete(object, id);
            }
        };
    }
}
