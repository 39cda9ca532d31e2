package io.quanyu.messaging;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.customer360.Customer360;
import io.quanyu.customer360.Customers;
import io.quanyu.messaging.ChannelDirectory.Answer;
import io.quanyu.messaging.ChannelDirectory.Channel;
import io.quanyu.messaging.ChannelDirectory.Outgoing;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.records.Records;
import io.quanyu.scheduling.DeadTimer;
import io.quanyu.scheduling.FiredTimer;
import io.quanyu.scheduling.Scheduler;
import io.quanyu.scheduling.Timer;
import io.quanyu.scheduling.TimerHandler;
import io.quanyu.scheduling.TimerRequest;
import io.quanyu.testfixtures.InJvmMongo;
import io.quanyu.testfixtures.MutableClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * One tenant on the in-JVM MongoDB with the customer 360 and the delivery service wired as the server wires them,
 * a directory of three channels whose "providers" keep what they were given (deduplicated by send id, as a provider
 * that honours idempotency keys does), and a scheduler that keeps timers until the test fires them.
 */
final class MessagingFixture {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static InJvmMongo server;
    private static MongoClient client;
    final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T02:00:00Z"));  // 10:00 in Shanghai
    final MetadataService metadata = new MetadataService(clock, Executors.newVirtualThreadPerTaskExecutor());
    final RecordService recordService = new RecordService(metadata, clock);
    final Customer360 c360 = new Customer360(metadata, recordService, clock);
    final MongoTenantDatabases databases;
    final Records records;
    final Customers customers;
    final TenantId tenant = TenantId.of("t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    final TenantDatabase db;
    final Timers scheduler = new Timers();
    final Providers providers = new Providers();
    final DeliveryService service;
    final Messaging messaging;
    final CallContext admin;

    MessagingFixture() {
        if (server == null) {
            server = InJvmMongo.start();
            client = MongoClients.create(server.connectionString());
        }
        databases = new MongoTenantDatabases(client);
        db = databases.forTenant(new TenantContext(tenant, "u", "tester", Set.of(Role.TENANT_ADMIN), false));
        c360.ensureIndexes(db);
        records = new Records(databases, metadata, recordService, null);
        customers = new Customers(databases, c360, records);
        service = new DeliveryService(databases, customers, providers, scheduler, clock, t -> Quotas.DEFAULT,
                io.quanyu.outbox.OutboxSignal.NONE);
        service.ensureIndexes(db);
        messaging = new Messaging(databases, service, providers, clock);
        admin = call(Role.TENANT_ADMIN);
    }

    CallContext call(Role role) {
        return new CallContext(tenant, "tester", Set.of(role), Quotas.DEFAULT, "c-1", null);
    }

    CallContext plugin(String id) {
        return CallContext.ofPlugin(tenant, id, "system via " + id, Set.of(), Quotas.DEFAULT, null);
    }

    /** A customer known by these identities ({@code {"email": "...", "phone": "..."}}), with the record's name. */
    String customer(String identities, String name) {
        String id = customers.track(admin, JSON.readTree("[{\"eventId\": \"e-" + UUID.randomUUID()
                + "\", \"type\": \"page_view\", \"time\": \"" + clock.instant().minus(Duration.ofDays(3))
                + "\", \"identities\": " + identities + "}]")).getFirst().customerId();
        long version = records.get(admin, "customer", id, false).path("_version").asLong();
        records.update(admin, "customer", id, JSON.readTree("{\"name\": \"" + name + "\", \"_version\": " + version + "}"));
        return id;
    }

    /** An event of the customer's own on a channel (an interaction), at {@code at}. */
    void interaction(String identities, String channel, Instant at) {
        customers.track(admin, JSON.readTree("[{\"eventId\": \"i-" + UUID.randomUUID() + "\", \"type\": \"message_received\","
                + " \"channel\": \"" + channel + "\", \"time\": \"" + at + "\", \"identities\": " + identities + "}]"));
    }

    Template template(String name, String json) {
        return messaging.putTemplate(admin, name, JSON.readTree(json));
    }

    Delivery send(String customer, List<String> channels, String template, Map<String, Object> vars, String key) {
        return messaging.send(admin, new SendCommand(customer, channels, template, vars, SendCommand.MARKETING, key));
    }

    JsonNode timeline(String customer) {
        return JSON.valueToTree(customers.timeline(admin, customer, null, null, 200, null).events());
    }

    /** Three channels, each with a "provider" that keeps one message per send id. */
    static final class Providers implements ChannelDirectory {
        final List<Channel> channels = new CopyOnWriteArrayList<>(List.of(
                new Channel("email", "channel-email", List.of("email"), null),
                new Channel("sms", "channel-sms", List.of("phone"), null),
                new Channel("wechat-cs", "channel-wechat", List.of("wechat_openid"),
                        new Window(Duration.ofHours(48), 5, "wechat", "WECHAT_WINDOW_CLOSED"))));
        final Map<String, Outgoing> received = new ConcurrentHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile Function<Outgoing, Answer> behaviour = m -> Answer.sent("m-" + m.sendId());
        /** Answers per channel that override {@link #behaviour}. */
        final Map<String, Function<Outgoing, Answer>> byChannel = new ConcurrentHashMap<>();

        @Override
        public List<Channel> channels(TenantId tenant) {
            return channels;
        }

        @Override
        public Answer send(io.quanyu.core.call.CallContext call, Channel channel, Outgoing message) {
            calls.add(channel.name() + ":" + message.sendId());
            return byChannel.getOrDefault(channel.name(), behaviour).apply(message);
        }

        /** What a provider that honours idempotency keys keeps: one message per send id. */
        Answer accept(String channel, Outgoing m) {
            received.putIfAbsent(channel + ":" + m.sendId(), m);
            return Answer.sent("m-" + m.sendId());
        }

        List<Outgoing> on(String channel) {
            return received.entrySet().stream().filter(e -> e.getKey().startsWith(channel + ":")).map(Map.Entry::getValue).toList();
        }
    }

    /** A scheduler that keeps timers for the test to fire. */
    static final class Timers implements Scheduler {
        final Map<String, TimerRequest> pending = new ConcurrentHashMap<>();
        final Map<String, TimerHandler> handlers = new ConcurrentHashMap<>();

        @Override
        public Timer schedule(TimerRequest request) {
            pending.put(request.kind() + "/" + request.key(), request);
            return null;
        }

        @Override
        public List<Timer> scheduleAll(List<TimerRequest> requests) {
            requests.forEach(this::schedule);
            return List.of();
        }

        @Override
        public boolean cancel(TenantId tenant, String kind, String key) {
            return pending.remove(kind + "/" + key) != null;
        }

        @Override
        public Optional<Timer> find(TenantId tenant, String kind, String key) {
            return Optional.empty();
        }

        Optional<TimerRequest> timer(String kind, String key) {
            return Optional.ofNullable(pending.get(kind + "/" + key));
        }

        /** Fires the timer as the scheduler would (it is gone once fired). */
        void fire(String kind, String key) throws Exception {
            TimerRequest r = pending.remove(kind + "/" + key);
            if (r == null) {
                throw new AssertionError("no timer " + kind + "/" + key + " among " + pending.keySet());
            }
            handlers.get(kind).fire(new FiredTimer(r.tenant(), r.kind(), r.key(), r.due(), r.payload(), 1, kind + "/" + key));
        }

        @Override
        public void register(String kind, TimerHandler handler) {
            handlers.put(kind, handler);
        }

        @Override
        public void every(String name, Duration period, TimerHandler handler) {
        }

        @Override
        public List<DeadTimer> deadTimers(TenantId tenant, int limit) {
            return new ArrayList<>();
        }

        @Override
        public boolean retry(TenantId tenant, String kind, String key) {
            return false;
        }

        @Override
        public void start() {
        }

        @Override
        public void close() {
        }
    }
}
