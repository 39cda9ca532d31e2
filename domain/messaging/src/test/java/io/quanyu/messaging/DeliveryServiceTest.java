package io.quanyu.messaging;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Role;
import io.quanyu.messaging.ChannelDirectory.Answer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryServiceTest {
    private static final String EMAIL_AND_SMS = """
            {"channels": {
               "email": {"zh-CN": {"subject": "{{customer.name}}，您的专属礼遇", "html": "<p>{{customer.name}}: {{vars.offer}}</p>",
                                   "text": "{{customer.name}}: {{vars.offer}}"},
                         "en": {"subject": "{{customer.name}}, an offer for you", "html": "<p>{{vars.offer}}</p>",
                                "text": "{{vars.offer}}"}},
               "sms": {"zh-CN": {"template": "SMS_1001", "params": {"name": "{{customer.name}}", "offer": "{{vars.offer}}"}}},
               "wechat-cs": {"zh-CN": {"text": "{{customer.name}}，{{vars.offer}}"}}}}""";
    private final MessagingFixture f = new MessagingFixture();

    private Map<String, Object> offer() {
        return Map.of("offer", "<b>5折</b>");
    }

    @Test
    void sendsOnTheFirstChannelRenderedForTheCustomerAndPutsItOnTheTimeline() {
        f.template("offer", EMAIL_AND_SMS);
        f.providers.behaviour = m -> f.providers.accept("email", m);
        String c = f.customer("{\"email\": \"Li.Lei@Example.com\", \"phone\": \"13800138000\"}", "李雷");
        String lastSeenBefore = f.customers.profile(f.admin, c).path("aggregates").path("lastSeen").asString();

        Delivery d = f.send(c, List.of("email", "sms"), "offer", offer(), "campaign-1:" + c);

        assertThat(d.status()).isEqualTo("sent");
        assertThat(d.channel()).isEqualTo("email");
        assertThat(d.reason()).isNull();
        ChannelDirectory.Outgoing sent = f.providers.on("email").getFirst();
        assertThat(sent.to()).isEqualTo(new ChannelDirectory.Address("email", null, "li.lei@example.com"));
        assertThat(sent.data()).containsEntry("subject", "李雷，您的专属礼遇")
                .containsEntry("html", "<p>李雷: &lt;b&gt;5折&lt;/b&gt;</p>");
        assertThat(sent.text()).isEqualTo("李雷: <b>5折</b>");
        assertThat(sent.sendId()).isEqualTo(d.sendId());

        JsonNode timeline = f.timeline(c);
        JsonNode event = timeline.valueStream().filter(e -> e.path("type").asString().equals("message.sent")).findFirst().orElseThrow();
        assertThat(event.path("channel").asString()).isEqualTo("email");
        assertThat(event.path("properties").path("sendId").asString()).isEqualTo(d.sendId());
        assertThat(f.customers.profile(f.admin, c).path("aggregates").path("lastSeen").asString())
                .as("a send does not make the customer recent").isEqualTo(lastSeenBefore);
        JsonNode logged = f.messaging.delivery(f.admin, d.sendId());
        assertThat(logged.path("status").asString()).isEqualTo("sent");
        assertThat(logged.path("messageId").asString()).isEqualTo("m-" + d.sendId());
    }

    @Test
    void theSameKeyIsOneSend() {
        f.template("offer", EMAIL_AND_SMS);
        String c = f.customer("{\"email\": \"a1@example.com\"}", "A");
        Delivery first = f.send(c, List.of("email"), "offer", offer(), "k-1");
        Delivery again = f.send(c, List.of("email"), "offer", offer(), "k-1");
        assertThat(again.sendId()).isEqualTo(first.sendId());
        assertThat(again.duplicate()).isTrue();
        assertThat(again.status()).isEqualTo("sent");
        assertThat(f.providers.calls).hasSize(1);
    }

    @Test
    void fallsBackWithTheReasonTheFirstChannelWasPassedOver() {
        f.template("offer", EMAIL_AND_SMS);
        String phoneOnly = f.customer("{\"phone\": \"13900139000\"}", "B");
        Delivery d = f.send(phoneOnly, List.of("email", "sms"), "offer", offer(), "fb-1");
        assertThat(d).extracting(Delivery::status, Delivery::channel, Delivery::reason).containsExactly("sent", "sms", "NO_ADDRESS");
        assertThat(f.messaging.delivery(f.admin, d.sendId()).path("passed").get(0).path("reason").asString()).isEqualTo("NO_ADDRESS");

        String both = f.customer("{\"email\": \"c1@example.com\", \"phone\": \"13700137000\"}", "C");
        f.providers.byChannel.put("email", m -> Answer.failed("EMAIL_REJECTED", "550 no such user", false));
        Delivery refused = f.send(both, List.of("email", "sms"), "offer", offer(), "fb-2");
        assertThat(refused).extracting(Delivery::status, Delivery::channel, Delivery::reason).containsExactly("sent", "sms", "EMAIL_REJECTED");

        Delivery nowhere = f.send(both, List.of("email", "push"), "offer", offer(), "fb-3");
        assertThat(nowhere).extracting(Delivery::status, Delivery::reason).containsExactly("failed", "CHANNEL_NOT_CONNECTED");
        assertThat(f.timeline(both).valueStream().filter(e -> e.path("type").asString().equals("message.failed")))
                .singleElement().satisfies(e -> assertThat(e.path("properties").path("passed").toString())
                        .contains("email:EMAIL_REJECTED", "push:CHANNEL_NOT_CONNECTED"));
    }

    @Test
    void aClosedWechatWindowFallsBackToSmsWithItsReason() {
        f.template("offer", EMAIL_AND_SMS);
        String ids = "{\"wechat_openid\": {\"scope\": \"wxapp1\", \"value\": \"oFollower1\"}, \"phone\": \"13600136000\"}";
        String c = f.customer(ids, "D");
        Delivery closed = f.send(c, List.of("wechat-cs", "sms"), "offer", offer(), "w-1");
        assertThat(closed).extracting(Delivery::channel, Delivery::reason).containsExactly("sms", "WECHAT_WINDOW_CLOSED");

        f.interaction(ids, "wechat", f.clock.instant().minus(Duration.ofHours(47)));
        for (int i = 0; i < 5; i++) {
            Delivery d = f.send(c, List.of("wechat-cs", "sms"), "offer", offer(), "w-open-" + i);
            assertThat(d.channel()).as("message %d within the window", i + 1).isEqualTo("wechat-cs");
            assertThat(f.providers.calls.getLast()).startsWith("wechat-cs:");
        }
        Delivery sixth = f.send(c, List.of("wechat-cs", "sms"), "offer", offer(), "w-open-5");
        assertThat(sixth).extracting(Delivery::channel, Delivery::reason).containsExactly("sms", "WECHAT_WINDOW_CLOSED");

        f.clock.advance(Duration.ofHours(2));
        f.interaction(ids, "wechat", f.clock.instant().minus(Duration.ofMinutes(1)));
        assertThat(f.send(c, List.of("wechat-cs"), "offer", offer(), "w-again").channel()).isEqualTo("wechat-cs");
    }

    @Test
    void withdrawnConsentSkipsMarketingButNotTransactionalAndOptInChannelsNeedAGrant() {
        f.template("offer", EMAIL_AND_SMS);
        String c = f.customer("{\"email\": \"e1@example.com\", \"phone\": \"13500135000\"}", "E");
        f.messaging.putConsent(f.admin, c, "email", false, "unsubscribed by phone call");
        assertThat(f.send(c, List.of("email"), "offer", offer(), "cs-1"))
                .extracting(Delivery::status, Delivery::reason).containsExactly("skipped", "NO_CONSENT");
        Delivery transactional = f.messaging.send(f.admin, new SendCommand(c, List.of("email"), "offer", offer(),
                SendCommand.TRANSACTIONAL, "cs-2"));
        assertThat(transactional.status()).isEqualTo("sent");

        f.messaging.putSettings(f.admin, MessagingFixture.JSON.readTree("{\"optIn\": [\"sms\"]}"));
        assertThat(f.send(c, List.of("sms"), "offer", offer(), "cs-3").reason()).isEqualTo("NO_CONSENT");
        f.messaging.putConsent(f.admin, c, "sms", true, "signed up at the store");
        assertThat(f.send(c, List.of("sms"), "offer", offer(), "cs-4").status()).isEqualTo("sent");
        assertThat(f.messaging.consents(f.admin, c)).extracting(x -> x.channel() + ":" + x.state())
                .containsExactlyInAnyOrder("email:WITHDRAWN", "sms:GRANTED");
        org.bson.Document stored = f.db.collection(Consents.COLLECTION).find(new org.bson.Document("channel", "sms")).first();
        assertThat(stored.getList(io.quanyu.outbox.Outbox.FIELD, org.bson.Document.class)).singleElement().satisfies(e -> {
            assertThat(e.getString("type")).isEqualTo(io.quanyu.outbox.DomainEvent.CONSENT_CHANGED);
            assertThat(e.getString("key")).as("keyed by the customer").isEqualTo(c);
            assertThat(e.get("data", org.bson.Document.class)).containsEntry("channel", "sms").containsEntry("granted", true);
        });
        assertThatThrownBy(() -> f.messaging.putConsent(f.admin, c, "wechat-cs", true, null))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_VALIDATION_FAILED));
    }

    @Test
    void quietHoursDeferUntilTheyEndOrDrop() throws Exception {
        f.template("offer", EMAIL_AND_SMS);
        String c = f.customer("{\"email\": \"q1@example.com\"}", "Q");
        f.messaging.putSettings(f.admin, MessagingFixture.JSON.readTree("""
                {"quietHours": {"start": "21:00", "end": "08:00", "zone": "Asia/Shanghai", "action": "defer"}}"""));
        f.clock.set(Instant.parse("2026-06-01T14:30:00Z"));  // 22:30 in Shanghai
        Delivery d = f.send(c, List.of("email"), "offer", offer(), "qh-1");
        assertThat(d).extracting(Delivery::status, Delivery::reason).containsExactly("deferred", "QUIET_HOURS");
        assertThat(f.providers.calls).isEmpty();
        assertThat(f.scheduler.timer(DeliveryService.DEFERRED, d.sendId()).orElseThrow().due())
                .isEqualTo(Instant.parse("2026-06-02T00:00:00Z"));
        assertThat(f.scheduler.timer(DeliveryService.RECOVER, d.sendId())).isEmpty();

        f.clock.set(Instant.parse("2026-06-02T00:00:01Z"));
        f.scheduler.fire(DeliveryService.DEFERRED, d.sendId());
        assertThat(f.messaging.delivery(f.admin, d.sendId()).path("status").asString()).isEqualTo("sent");
        assertThat(f.providers.calls).hasSize(1);

        f.messaging.putSettings(f.admin, MessagingFixture.JSON.readTree("""
                {"quietHours": {"start": "21:00", "end": "08:00", "zone": "Asia/Shanghai", "action": "drop"}}"""));
        f.clock.set(Instant.parse("2026-06-02T23:59:00Z"));  // 07:59 in Shanghai
        assertThat(f.send(c, List.of("email"), "offer", offer(), "qh-2"))
                .extracting(Delivery::status, Delivery::reason).containsExactly("skipped", "QUIET_HOURS");
    }

    @Test
    void theFrequencyCapCountsMarketingSendsAcrossChannels() {
        f.template("offer", EMAIL_AND_SMS);
        String c = f.customer("{\"email\": \"f1@example.com\", \"phone\": \"13400134000\"}", "F");
        f.messaging.putSettings(f.admin, MessagingFixture.JSON.readTree("{\"frequencyCap\": {\"max\": 2, \"hours\": 24}}"));
        assertThat(f.send(c, List.of("email"), "offer", offer(), "fc-1").status()).isEqualTo("sent");
        assertThat(f.send(c, List.of("sms"), "offer", offer(), "fc-2").status()).isEqualTo("sent");
        assertThat(f.send(c, List.of("sms"), "offer", offer(), "fc-3"))
                .extracting(Delivery::status, Delivery::reason).containsExactly("skipped", "FREQUENCY_CAP");
        f.clock.advance(Duration.ofHours(25));
        assertThat(f.send(c, List.of("sms"), "offer", offer(), "fc-4").status()).isEqualTo("sent");
    }

    @Test
    void sendsRacingForOneCustomerNeverPassTheCapTogetherAndASendNotSentGivesItsPlaceBack() throws Exception {
        f.template("offer", EMAIL_AND_SMS);
        String c = f.customer("{\"email\": \"race@example.com\", \"phone\": \"13100131000\"}", "Race");
        f.messaging.putSettings(f.admin, MessagingFixture.JSON.readTree("{\"frequencyCap\": {\"max\": 3, \"hours\": 24}}"));
        f.messaging.putConsent(f.admin, c, "sms", false, "test");
        assertThat(f.send(c, List.of("sms"), "offer", offer(), "race-refused").reason()).isEqualTo("NO_CONSENT");

        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<Delivery>> sends = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            sends.add(pool.submit(() -> f.send(c, List.of("email"), "offer", offer(), "race-" + n)));
        }
        List<String> outcomes = new java.util.ArrayList<>();
        for (var s : sends) {
            outcomes.add(s.get().status() + ":" + s.get().reason());
        }
        pool.shutdown();
        assertThat(outcomes).as("the refused send gave its place back; three of eight take the rest")
                .filteredOn(o -> o.startsWith("sent")).hasSize(3);
        assertThat(outcomes).filteredOn(o -> o.equals("skipped:FREQUENCY_CAP")).hasSize(5);
    }

    @Test
    void aCrashBetweenTheProviderAndTheRecordIsFinishedByTheRecoveryTimerWithoutASecondMessage() throws Exception {
        f.template("offer", EMAIL_AND_SMS);
        String c = f.customer("{\"email\": \"x1@example.com\"}", "X");
        f.providers.behaviour = m -> {
            f.providers.accept("email", m);
            throw new IllegalStateException("the node died after the provider took the message");
        };
        assertThatThrownBy(() -> f.send(c, List.of("email"), "offer", offer(), "crash-1")).isInstanceOf(IllegalStateException.class);
        String sendId = DeliveryStore.sendId("crash-1");
        assertThat(f.messaging.delivery(f.admin, sendId).path("status").asString()).isEqualTo("sending");
        assertThat(f.scheduler.timer(DeliveryService.RECOVER, sendId)).isPresent();

        f.providers.behaviour = m -> f.providers.accept("email", m);
        f.scheduler.fire(DeliveryService.RECOVER, sendId);
        assertThat(f.messaging.delivery(f.admin, sendId).path("status").asString()).isEqualTo("sent");
        assertThat(f.providers.calls).containsExactly("email:" + sendId, "email:" + sendId);
        assertThat(f.providers.on("email")).hasSize(1);
        assertThat(f.timeline(c).valueStream().filter(e -> e.path("type").asString().equals("message.sent"))).hasSize(1);
    }

    @Test
    void aSendWhoseRecoveryTimerWasLostIsFinishedAfterARepeatOfItsKey() throws Exception {
        f.template("offer", EMAIL_AND_SMS);
        String c = f.customer("{\"email\": \"claim@example.com\"}", "Claim");
        f.providers.behaviour = m -> {
            throw new IllegalStateException("the node died before the provider was called");
        };
        assertThatThrownBy(() -> f.send(c, List.of("email"), "offer", offer(), "claim-1")).isInstanceOf(IllegalStateException.class);
        String sendId = DeliveryStore.sendId("claim-1");
        f.scheduler.pending.clear(); // as if the node had died between the claim and its timer
        f.providers.behaviour = m -> f.providers.accept("email", m);
        Delivery again = f.send(c, List.of("email"), "offer", offer(), "claim-1");
        assertThat(again.duplicate()).isTrue();
        assertThat(f.scheduler.timer(DeliveryService.RECOVER, sendId)).as("set again by the repeat").isPresent();
        f.scheduler.fire(DeliveryService.RECOVER, sendId);
        assertThat(f.messaging.delivery(f.admin, sendId).path("status").asString()).isEqualTo("sent");
        assertThat(f.providers.on("email")).hasSize(1);
    }

    @Test
    void aRetryableFailureIsTriedAgainLater() throws Exception {
        f.template("offer", EMAIL_AND_SMS);
        String c = f.customer("{\"email\": \"r1@example.com\"}", "R");
        f.providers.behaviour = m -> Answer.failed("EMAIL_UNAVAILABLE", "421 try later", true);
        Delivery d = f.send(c, List.of("email"), "offer", offer(), "retry-1");
        assertThat(d).extracting(Delivery::status, Delivery::reason).containsExactly("sending", "EMAIL_UNAVAILABLE");
        assertThat(f.scheduler.timer(DeliveryService.RETRY, d.sendId()).orElseThrow().due())
                .isEqualTo(f.clock.instant().plus(DeliveryService.FIRST_RETRY));
        f.providers.behaviour = m -> f.providers.accept("email", m);
        f.scheduler.fire(DeliveryService.RETRY, d.sendId());
        assertThat(f.messaging.delivery(f.admin, d.sendId()).path("status").asString()).isEqualTo("sent");
    }

    @Test
    void reportsAreRecordedOnceGoOnTheTimelineAndMarkTheAddress() {
        f.template("offer", EMAIL_AND_SMS);
        String c = f.customer("{\"email\": \"rep@example.com\", \"phone\": \"13300133000\"}", "P");
        Delivery d = f.send(c, List.of("email"), "offer", offer(), "rep-1");
        Instant at = f.clock.instant().plusSeconds(60);
        f.messaging.report(f.plugin("channel-email"), d.sendId(), "delivered", at, Map.of());
        f.messaging.report(f.plugin("channel-email"), d.sendId(), "opened", at.plusSeconds(5), Map.of("ua", "Mail"));
        f.messaging.report(f.plugin("channel-email"), d.sendId(), "opened", at.plusSeconds(9), Map.of("ua", "Mail"));
        f.messaging.report(f.plugin("channel-email"), d.sendId(), "delivered", at.plusSeconds(10), Map.of());
        JsonNode logged = f.messaging.delivery(f.admin, d.sendId());
        assertThat(logged.path("status").asString()).isEqualTo("opened");
        assertThat(logged.path("reports").size()).isEqualTo(2);
        assertThat(f.timeline(c).valueStream().map(e -> e.path("type").asString()).toList())
                .containsOnlyOnce("message.opened", "message.delivered");

        assertThatThrownBy(() -> f.messaging.report(f.plugin("channel-sms"), d.sendId(), "clicked", at, Map.of()))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DELIVERY_NOT_FOUND));
        assertThatThrownBy(() -> f.messaging.report(f.plugin("channel-email"), "snd_00000000000000000000000000000000", "clicked", at, Map.of()))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DELIVERY_NOT_FOUND));

        f.messaging.report(f.plugin("channel-email"), d.sendId(), "bounced", at, Map.of("diagnostic", "5.1.1 user unknown"));
        Delivery afterBounce = f.messaging.send(f.admin, new SendCommand(c, List.of("email", "sms"), "offer", offer(),
                SendCommand.TRANSACTIONAL, "rep-2"));
        assertThat(afterBounce).extracting(Delivery::channel, Delivery::reason).containsExactly("sms", "ADDRESS_UNDELIVERABLE");

        Delivery sms = f.send(c, List.of("sms"), "offer", offer(), "rep-3");
        f.messaging.report(f.plugin("channel-sms"), sms.sendId(), "unsubscribed", at, Map.of());
        assertThat(f.send(c, List.of("sms"), "offer", offer(), "rep-4").reason()).isEqualTo("NO_CONSENT");
    }

    @Test
    void badTemplatesAndSendsAreRefusedWholeAndNothingIsWritten() {
        assertThatThrownBy(() -> f.template("bad", """
                {"channels": {"email": {"zh-CN": {"html": "{{{raw}}}", "subject": "{{> other}}", "text": "{{#open}}"},
                              "fr": {"text": "x"}},
                              "SMS!": {"zh-CN": {"text": "x"}}}, "extra": 1}"""))
                .isInstanceOfSatisfying(QuanyuException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_VALIDATION_FAILED);
                    assertThat(e.violations()).extracting(v -> v.pointer()).contains("/channels/email/zh-CN/html",
                            "/channels/email/zh-CN/subject", "/channels/email/zh-CN/text", "/channels/email/fr",
                            "/channels/SMS!", "/extra");
                });
        assertThat(f.messaging.templates(f.admin)).isEmpty();

        f.template("offer", EMAIL_AND_SMS);
        String c = f.customer("{\"email\": \"bad@example.com\"}", "Z");
        assertThatThrownBy(() -> f.messaging.send(f.admin, SendCommand.parse(MessagingFixture.JSON.readTree("""
                {"customerId": "", "channels": ["email", "email", "Bad!"], "template": "Nope", "purpose": "spam",
                 "variables": [], "nope": 1}"""))))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.violations()).extracting(v -> v.pointer())
                        .contains("/customerId", "/channels/1", "/channels/2", "/template", "/purpose", "/key", "/variables", "/nope"));
        assertThatThrownBy(() -> f.send(c, List.of("email"), "missing", Map.of(), "m-1"))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MESSAGE_TEMPLATE_NOT_FOUND));
        assertThatThrownBy(() -> f.send("nobody", List.of("email"), "offer", Map.of(), "m-2"))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CUSTOMER_NOT_FOUND));
        assertThat(f.messaging.deliveries(f.admin, null, null, null, null, null, null, 50, null).path("deliveries").size()).isZero();
        assertThatThrownBy(() -> f.messaging.send(f.call(Role.VIEWER), new SendCommand(c, List.of("email"), "offer", Map.of(),
                null, "v-1"))).isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
        assertThatThrownBy(() -> f.messaging.putTemplate(f.call(Role.VIEWER), "x", MessagingFixture.JSON.readTree(EMAIL_AND_SMS)))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
    }

    @Test
    void templatesReachOnlyMapsAndPreviewRendersPerChannel() {
        f.template("probe", """
                {"channels": {"email": {"en": {"subject": "[{{customer.name.class}}][{{customer.name.bytes}}][{{profile.stage}}]",
                                               "html": "<p>{{customer.getClass}}</p>", "text": "{{#profile.tags}}{{.}} {{/profile.tags}}"}}}}""");
        String c = f.customer("{\"email\": \"probe@example.com\"}", "Probe");
        f.customers.tag(f.admin, c, "vip", true);
        Map<String, Map<String, Object>> preview = f.messaging.preview(f.admin, "probe", c, Map.of());
        assertThat(preview.get("email")).containsEntry("subject", "[][][" + f.customers.profile(f.admin, c).path("stage").asString() + "]")
                .containsEntry("html", "<p></p>").containsEntry("text", "vip ");
    }

    @Test
    void theLogPagesNewestFirstWithFilters() {
        f.template("offer", EMAIL_AND_SMS);
        String c = f.customer("{\"email\": \"log@example.com\", \"phone\": \"13200132000\"}", "L");
        for (int i = 0; i < 5; i++) {
            f.clock.advance(Duration.ofSeconds(1));
            f.send(c, List.of(i % 2 == 0 ? "email" : "sms"), "offer", offer(), "log-" + i);
        }
        JsonNode first = f.messaging.deliveries(f.admin, c, null, null, null, null, null, 2, null);
        assertThat(first.path("deliveries").size()).isEqualTo(2);
        assertThat(first.path("deliveries").get(0).path("key").asString()).isEqualTo("log-4");
        JsonNode second = f.messaging.deliveries(f.admin, c, null, null, null, null, null, 2, first.path("nextCursor").asString());
        assertThat(second.path("deliveries").get(0).path("key").asString()).isEqualTo("log-2");
        assertThat(f.messaging.deliveries(f.admin, null, "sent", "sms", null, null, null, 50, null).path("deliveries").size()).isEqualTo(2);
    }
}
