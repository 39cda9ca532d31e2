package io.quanyu.plugin.host;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.outbox.DeadLetter;
import io.quanyu.outbox.DomainEvent;
import io.quanyu.outbox.EventSeam;
import io.quanyu.outbox.Subscriber;
import io.quanyu.plugin.pkg.SubscriptionSpec;
import io.quanyu.plugin.runtime.CallScope;
import io.quanyu.plugin.runtime.SubscriberCalls;
import io.quanyu.plugin.runtime.LoadedPlugin;
import io.quanyu.plugin.runtime.PluginKey;
import io.quanyu.plugin.runtime.PluginRuntime;
import io.quanyu.plugin.sdk.event.EventBatch;
import io.quanyu.plugin.sdk.event.ReceivedEvent;
import io.quanyu.plugin.sdk.event.TagsChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plugins' event subscriptions on the platform's event seam. Each subscription a loaded release declares (manifest
 * {@code subscriptions}) is one seam subscriber, {@code plugin.<pluginId>.<name>}, taking the tenant's
 * {@code EventsApplied} and {@code TagsChanged} events: so the seam keeps its position per tenant, delivers at least once and in order per
 * customer, retries with growing pauses and keeps dead letters, as for every other subscriber, and a slow plugin
 * holds up only its own subscription. For each tenant whose installation of the plugin is enabled, the customer
 * events applied since it was enabled and of the subscription's types (tag changes as {@link TagsChange#TYPE}) go to the plugin's {@link EventSubscriber}
 * of the release the tenant has, in batches of at most {@link EventBatch#MAX_EVENTS}, as the caller
 * {@code system}; other tenants' events are passed over. A busy plugin makes the events wait without counting an
 * attempt; any other failure counts one.
 */
public final class PluginSubscriptions {
    /** The prefix of the seam subscribers' names. */
    public static final String PREFIX = "plugin.";
    private final EventSeam seam;
    private final PluginRuntime runtime;
    private final MongoInstallations installations;
    private final PluginSync sync;
    private final TenantAccess tenants;
    private final CustomerEvents customers;
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();

    public PluginSubscriptions(EventSeam seam, PluginRuntime runtime, MongoInstallations installations, PluginSync sync,
                               TenantAccess tenants, CustomerEvents customers) {
        this.seam = seam;
        this.runtime = runtime;
        this.installations = installations;
        this.sync = sync;
        this.tenants = tenants;
        this.customers = customers;
    }

    /** The seam subscriber's name of a plugin's subscription. */
    public static String subscriberName(String pluginId, String subscription) {
        return PREFIX + pluginId + "." + subscription;
    }

    /**
     * Subscribes the seam to every subscription that a release loaded on this node declares and that it has not
     * subscribed yet (the node's plugin sync calls it after each tick); answers how many it added. A subscription
     * stays subscribed while the node runs: for tenants without the plugin it only passes their events over.
     */
    public int refresh() {
        int added = 0;
        for (PluginKey key : runtime.loadedKeys()) {
            Optional<LoadedPlugin> plugin = runtime.loaded(key);
            for (SubscriptionSpec spec : plugin.map(p -> p.manifest().subscriptions()).orElse(List.of())) {
                String name = subscriberName(key.id(), spec.name());
                if (subscribed.add(name)) {
                    seam.subscribe(new Subscription(key.id(), spec.name(), name));
                    added++;
                }
            }
        }
        return added;
    }

    /** The events a plugin's subscriptions gave up on in the tenant, oldest first. */
    public List<DeadLetter> deadLetters(TenantDatabase db, String pluginId) {
        return seam.deadLetters(db, null).stream()
                .filter(d -> d.subscriber().startsWith(PREFIX + pluginId + "."))
                .sorted(java.util.Comparator.comparing(DeadLetter::at)).toList();
    }

    /**
     * Hands a dead letter of the plugin's to its subscription again; on success it leaves the list. False when it
     * failed again; {@code DEAD_LETTER_NOT_FOUND} when the plugin has no such dead letter in the tenant.
     */
    public boolean replay(TenantDatabase db, String pluginId, String deadLetterId) {
        if (deadLetters(db, pluginId).stream().noneMatch(d -> d.id().equals(deadLetterId))) {
            throw new QuanyuException(ErrorCode.DEAD_LETTER_NOT_FOUND, Map.of("id", deadLetterId));
        }
        return seam.replay(db, deadLetterId);
    }

    /** Forgets the plugin's positions and dead letters in the tenant (when it is uninstalled there). */
    public void forget(TenantDatabase db, PluginKey installed) {
        Set<String> names = new java.util.TreeSet<>();
        runtime.loaded(installed).ifPresent(plugin -> plugin.manifest().subscriptions()
                .forEach(s -> names.add(subscriberName(installed.id(), s.name()))));
        subscribed.stream().filter(n -> n.startsWith(PREFIX + installed.id() + ".")).forEach(names::add);
        deadLetters(db, installed.id()).forEach(d -> names.add(d.subscriber()));
        names.forEach(name -> seam.forget(db, name));
    }

    /** One plugin subscription as a seam subscriber. */
    private final class Subscription implements Subscriber {
        private final String pluginId;
        private final String subscription;
        private final String name;

        Subscription(String pluginId, String subscription, String name) {
            this.pluginId = pluginId;
            this.subscription = subscription;
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<String> types() {
            return Set.of(DomainEvent.EVENTS_APPLIED, DomainEvent.TAGS_CHANGED);
        }

        @Override
        public void handle(DomainEvent event) throws Exception {
            handleAll(List.of(event));
        }

        /** A run of one tenant's partition: the events of the subscription's types, applied since it was enabled. */
        @Override
        public void handleAll(List<DomainEvent> run) throws Exception {
            TenantId tenant = run.getFirst().tenant();
            Optional<Installation> installation = installations.find(tenant, pluginId).filter(Installation::enabled);
            if (installation.isEmpty()) {
                return;
            }
            LoadedPlugin plugin = sync.ensureLoaded(installation.get().key());
            Optional<SubscriptionSpec> spec = plugin.manifest().subscriptions().stream()
                    .filter(s -> s.name().equals(subscription)).findFirst();
            if (spec.isEmpty()) {
                return;
            }
            deliver(plugin.key(), tenant, received(tenant, run, installation.get().enabledSince(), spec.get().eventTypes()));
        }

        /**
         * The run's customer events and tag changes, in the order they were applied, that the subscription takes:
         * customer events read back by id, tag changes made from the seam's event ({@link TagsChange}).
         */
        private List<ReceivedEvent> received(TenantId tenant, List<DomainEvent> run, Instant since, List<String> types) {
            List<Object> slots = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (DomainEvent applied : run) {
                if (since != null && applied.at().isBefore(since)) {
                    continue;
                }
                if (DomainEvent.TAGS_CHANGED.equals(applied.type())) {
                    if (types.contains(TagsChange.TYPE)) {
                        slots.add(tagsChange(applied));
                    }
                } else if (applied.data().get("events") instanceof List<?> list) {
                    list.forEach(id -> {
                        ids.add(String.valueOf(id));
                        slots.add(String.valueOf(id));
                    });
                }
            }
            Map<String, ReceivedEvent> byId = new LinkedHashMap<>();
            if (!ids.isEmpty()) {
                CallContext call = CallContext.ofPlugin(tenant, pluginId, "system via " + pluginId, Set.of(),
                        tenants.open(tenant).quotas(), "subscription-" + java.util.UUID.randomUUID());
                for (ReceivedEvent e : customers.received(call, ids)) {
                    if (types.contains(e.event().type())) {
                        byId.put(e.event().id(), e);
                    }
                }
            }
            Set<String> seen = new java.util.HashSet<>();
            List<ReceivedEvent> out = new ArrayList<>();
            for (Object slot : slots) {
                ReceivedEvent event = slot instanceof String id ? byId.get(id) : (ReceivedEvent) slot;
                if (event != null && seen.add(event.event().id())) {
                    out.add(event);
                }
            }
            return out;
        }

        private void deliver(PluginKey key, TenantId tenant, List<ReceivedEvent> events) throws Unavailable, Refused {
            try {
                SubscriberCalls.deliver(runtime, key, new CallScope(tenant, "system", null), subscription, events);
            } catch (QuanyuException e) {
                if (e.code() == ErrorCode.PLUGIN_BUSY) {
                    throw new Unavailable("plugin " + key + " is busy", e);
                }
                Object pluginCode = e.details().get("pluginCode");
                throw new Refused(pluginCode != null ? pluginCode + ": " + e.details().get("reason")
                        : e.code() + ": " + e.getMessage(), e);
            }
        }
    }

    /** A seam's {@code TagsChanged} as subscribers receive it; its id is the seam event's. */
    static ReceivedEvent tagsChange(DomainEvent changed) {
        Map<String, String> sources = new LinkedHashMap<>();
        if (changed.data().get("sources") instanceof Map<?, ?> map) {
            map.forEach((tag, source) -> sources.put(String.valueOf(tag), String.valueOf(source)));
        }
        return new TagsChange(changed.key(), strings(changed.data().get("added")), strings(changed.data().get("removed")),
                sources).toEvent(changed.id(), changed.at());
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    /** A failed delivery as the tenant reads it on the dead letter: the plugin's code (or the platform's) and why. */
    static final class Refused extends Exception {
        Refused(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
