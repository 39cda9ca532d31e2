package io.quanyu.bench;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.customer360.Customer360;
import io.quanyu.customer360.Customers;
import io.quanyu.fakes.wechat.AccountConfig;
import io.quanyu.fakes.wechat.Person;
import io.quanyu.fakes.wechat.WeChatFake;
import io.quanyu.messaging.ChannelDirectory;
import io.quanyu.messaging.Delivery;
import io.quanyu.messaging.DeliveryService;
import io.quanyu.messaging.Messaging;
import io.quanyu.messaging.SendCommand;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.plugin.sdk.channel.Message;
import io.quanyu.plugin.sdk.channel.Recipient;
import io.quanyu.plugin.testkit.Installed;
import io.quanyu.plugin.testkit.TestHost;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.records.Records;
import io.quanyu.scheduling.DefaultScheduler;
import io.quanyu.scheduling.SchedulerOptions;
import io.quanyu.testfixtures.InJvmMongo;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The delivery service's cost per send, next to the channel's connector called directly in the same run: the e-mail
 * channel plugin (its release from {@code plugins/channel-email/target}, on the test kit's host) sending to GreenMail
 * over SMTP, the WeChat channel plugin ({@code plugins/channel-wechat/target}) sending template messages to the WeChat
 * fake over HTTP (its access token fetched once and shared through the plugin's store), and a provider that answers
 * at once (the service's own work alone: claim by key, profile read,
 * eligibility, rendering, the recovery timer on the real scheduler, the record and the timeline event). Each pair runs
 * twice, alternating, and the second run counts. Arguments: [sends] [threads] [customers].
 */
public final class DeliveryBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path EMAIL_RELEASE = Path.of("plugins/channel-email/target/channel-email-1.0.1.zip");
    private static final String APP_ID = "wxbench0a1b2c3d4e";
    private static final String TEMPLATE_ID = "bench8uVCCfT9v7V5mTnKOQGzTNpn8Ba2n7XMaSr0cB1";

    private DeliveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sends = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int people = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        try (InJvmMongo server = InJvmMongo.start(); MongoClient client = MongoClients.create(server.connectionString());
             TestHost host = TestHost.allowingPrivate("127.0.0.1", "localhost"); WeChatFake wechat = WeChatFake.start()) {
            Clock clock = Clock.systemUTC();
            MetadataService metadata = new MetadataService(clock, Executors.newVirtualThreadPerTaskExecutor());
            RecordService records = new RecordService(metadata, clock);
            Customer360 c360 = new Customer360(metadata, records, clock);
            MongoTenantDatabases databases = new MongoTenantDatabases(client);
            TenantId tenant = new TenantId("benchmsg");
            TenantDatabase db = databases.forTenant(new TenantContext(tenant, "bench", "bench", Set.of(Role.TENANT_ADMIN), false));
            c360.ensureIndexes(db);
            Customers customers = new Customers(databases, c360, new Records(databases, metadata, records, null));
            CallContext call = new CallContext(tenant, "bench", Set.of(Role.TENANT_ADMIN), Quotas.DEFAULT, null, null);
            List<String> openIds = followers(wechat, people);
            List<String> ids = customers(customers, call, openIds);

            Installed email = host.install(Files.readAllBytes(PluginNode.release(EMAIL_RELEASE)));
            host.services().settings(tenant.value(), "channel-email", Map.of("host", "127.0.0.1",
                    "port", mail.getSmtp().getPort(), "security", "none", "fromAddress", "bench@acme.com"));
            Installed weChat = host.install(Files.readAllBytes(PluginNode.latestRelease("channel-wechat")));
            host.services().settings(tenant.value(), "channel-wechat", Map.of("appId", APP_ID, "appSecret", "bench-secret",
                    "token", "benchToken", "mode", "plain", "apiBaseUrl", "http://localhost:" + wechat.port()));
            Message message = new Message(null, "Hello", Map.of("subject", "Hello", "html", "<p>Hello</p>"));
            Message notice = new Message(TEMPLATE_ID, null, Map.of("data", Map.of("first", Map.of("value", "您好"))));
            Function<ChannelDirectory.Outgoing, ChannelDirectory.Answer> viaEmail = viaPlugin(host, email, tenant, "email");
            Function<ChannelDirectory.Outgoing, ChannelDirectory.Answer> viaWeChat = viaPlugin(host, weChat, tenant, "wechat-template");
            Function<ChannelDirectory.Outgoing, ChannelDirectory.Answer> instant = m -> ChannelDirectory.Answer.sent("m-" + m.sendId());
            Directory directory = new Directory();
            DefaultScheduler scheduler = new DefaultScheduler(client.getDatabase("bench_platform"), clock,
                    SchedulerOptions.defaults().withNodeId("bench"));
            Messaging messaging = new Messaging(databases, new DeliveryService(databases, customers, directory,
                    scheduler, clock, t -> Quotas.DEFAULT, io.quanyu.outbox.OutboxSignal.NONE), directory, clock);
            messaging.putTemplate(call, "bench", JSON.readTree("""
                    {"channels": {"email": {"zh-CN": {"subject": "{{customer.name}}，您好", "html": "<p>{{customer.name}}: {{vars.offer}}</p>",
                                                      "text": "{{customer.name}}: {{vars.offer}}"}},
                                  "wechat-template": {"zh-CN": {"template": "%s", "data": {"first": {"value": "{{customer.name}}，您好"},
                                                      "keyword1": "{{vars.offer}}"}}}}}""".formatted(TEMPLATE_ID)));

            double[] smtp = pair(threads, sends, "smtp", i -> host.send(email, tenant.value(), "email", "direct-" + i,
                    new Recipient("email", null, "c" + (i % people) + "@bench.acme.com", null), message),
                    (run, i) -> {
                        directory.answer = viaEmail;
                        Delivery d = messaging.send(call, new SendCommand(ids.get(i % people), List.of("email"), "bench",
                                Map.of("offer", "5折"), SendCommand.TRANSACTIONAL, run + "-smtp-" + i));
                        check(d);
                    });
            double[] weChatRates = pair(threads, sends, "wechat", i -> {
                        var sent = host.send(weChat, tenant.value(), "wechat-template", "direct-wx-" + i,
                                new Recipient("wechat_openid", APP_ID, openIds.get(i % people), null), notice).result();
                        if (!sent.isSent()) {
                            throw new IllegalStateException("a direct WeChat send failed: " + sent.failure());
                        }
                    },
                    (run, i) -> {
                        directory.answer = viaWeChat;
                        check(messaging.send(call, new SendCommand(ids.get(i % people), List.of("wechat-template"), "bench",
                                Map.of("offer", "5折"), SendCommand.TRANSACTIONAL, run + "-wechat-" + i)));
                    });
            double[] bare = pair(threads, sends, "bare", i -> instant.apply(new ChannelDirectory.Outgoing("x" + i, "c",
                    new ChannelDirectory.Address("email", null, "c@bench.acme.com"), null, "t", Map.of())),
                    (run, i) -> {
                        directory.answer = instant;
                        check(messaging.send(call, new SendCommand(ids.get(i % people), List.of("email"), "bench",
                                Map.of("offer", "5折"), SendCommand.TRANSACTIONAL, run + "-bare-" + i)));
                    });
            int received = mail.getReceivedMessages().length;
            int templates = openIds.stream().mapToInt(openId -> wechat.account(APP_ID).messages(openId).size()).sum();
            Object tokens = ((Map<?, ?>) wechat.account(APP_ID).quotas().get("used")).get("/cgi-bin/token");
            System.out.printf("delivery service, %d sends, %d threads, %d customers, in-JVM MongoDB wire server, GreenMail SMTP%n",
                    sends, threads, people);
            System.out.printf("  e-mail plugin to GreenMail, connector called directly : %8.0f sends/s%n", smtp[0]);
            System.out.printf("  e-mail plugin to GreenMail, through the service       : %8.0f sends/s  (%.2f of direct)%n",
                    smtp[1], smtp[1] / smtp[0]);
            System.out.printf("  WeChat plugin to the fake, connector called directly  : %8.0f sends/s%n", weChatRates[0]);
            System.out.printf("  WeChat plugin to the fake, through the service        : %8.0f sends/s  (%.2f of direct)%n",
                    weChatRates[1], weChatRates[1] / weChatRates[0]);
            System.out.printf("  provider answering at once, connector called directly : %8.0f sends/s%n", bare[0]);
            System.out.printf("  provider answering at once, through the service       : %8.0f sends/s  (service overhead %.2f ms a send per thread)%n",
                    bare[1], threads * 1000.0 / bare[1]);
            System.out.printf("  messages GreenMail received: %d (expected %d: %d runs x %d sends, direct and through the service)%n",
                    received, 4 * sends, 2, sends);
            System.out.printf("  template messages the WeChat fake received: %d (expected %d), access tokens it issued: %s%n",
                    templates, 4 * sends, tokens);
            scheduler.close();
        } finally {
            mail.stop();
        }
    }

    private static void check(Delivery d) {
        if (!"sent".equals(d.status())) {
            throw new IllegalStateException("a send was not sent: " + d);
        }
    }

    private interface Through {
        void send(int run, int i) throws Exception;
    }

    /** Direct then through the service, twice, alternating; the second run of each: {direct, service}. */
    private static double[] pair(int threads, int sends, String name, java.util.function.IntConsumer direct, Through service)
            throws InterruptedException {
        double d = 0;
        double s = 0;
        for (int run = 0; run < 2; run++) {
            int r = run;
            d = Parallel.rate(threads, sends, i -> direct.accept(r * sends + i));
            s = Parallel.rate(threads, sends, i -> {
                try {
                    service.send(r, i);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        return new double[]{d, s};
    }

    /** Where a first-party release is, from the project's root or from {@code bench/}. */
    /** The fake's official account with the benchmark's template, and one follower per customer: their openids. */
    private static List<String> followers(WeChatFake wechat, int people) {
        wechat.addAccount(AccountConfig.of(APP_ID, "bench-secret", "benchToken").withTemplateIds(List.of(TEMPLATE_ID)));
        List<String> openIds = new java.util.ArrayList<>();
        for (int i = 0; i < people; i++) {
            Person person = wechat.addPerson("会员" + i);
            wechat.actAs(APP_ID, person).follow();
            openIds.add(wechat.account(APP_ID).openId(person));
        }
        return openIds;
    }

    /** Customers with an e-mail address and their follower's openid each, in the followers' order. */
    private static List<String> customers(Customers customers, CallContext call, List<String> openIds) {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < openIds.size(); i++) {
            batch.append(i == 0 ? "" : ",").append("{\"eventId\": \"b").append(i).append("\", \"type\": \"page_view\", ")
                    .append("\"time\": \"2026-06-01T10:00:00Z\", \"identities\": {\"email\": \"c").append(i)
                    .append("@bench.acme.com\", \"wechat_openid\": {\"scope\": \"").append(APP_ID).append("\", \"value\": \"")
                    .append(openIds.get(i)).append("\"}}}");
        }
        return customers.track(call, JSON.readTree(batch.append("]").toString())).stream().map(r -> r.customerId()).toList();
    }

    /** The channel's connector in the plugin, called through the test kit's host as the platform's directory would. */
    private static Function<ChannelDirectory.Outgoing, ChannelDirectory.Answer> viaPlugin(TestHost host, Installed plugin,
                                                                                          TenantId tenant, String channel) {
        return m -> {
            var result = host.send(plugin, tenant.value(), channel, m.sendId(),
                    new Recipient(m.to().type(), m.to().scope(), m.to().value(), m.customerId()),
                    new Message(m.template(), m.text(), m.data())).result();
            return result.isSent() ? ChannelDirectory.Answer.sent(result.messageId())
                    : ChannelDirectory.Answer.failed(result.failure().code(), result.failure().message(), result.retryable());
        };
    }

    /**
     * Two channels, {@code email} and {@code wechat-template}, whose answer the benchmark swaps between the plugins and
     * an instant provider.
     */
    private static final class Directory implements ChannelDirectory {
        volatile Function<Outgoing, Answer> answer;

        @Override
        public List<Channel> channels(TenantId tenant) {
            return List.of(new Channel("email", "channel-email", List.of("email"), null),
                    new Channel("wechat-template", "channel-wechat", List.of("wechat_openid"), null));
        }

        @Override
        public Answer send(CallContext call, Channel channel, Outgoing message) {
            return answer.apply(message);
        }
    }
}
