package io.quanyu.plugins.coupons;

import io.quanyu.fakes.wechat.AccountConfig;
import io.quanyu.fakes.wechat.CardCode;
import io.quanyu.fakes.wechat.MessageMode;
import io.quanyu.fakes.wechat.OfficialAccount;
import io.quanyu.fakes.wechat.Person;
import io.quanyu.fakes.wechat.WeChatFake;
import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.PluginCallException;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import io.quanyu.plugin.testkit.Installed;
import io.quanyu.plugin.testkit.PluginZipBuilder;
import io.quanyu.plugin.testkit.TestHost;
import io.quanyu.plugin.testkit.WebhookServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Coupons as WeChat cards, end to end on the test kit: the coupons plugin and the WeChat plugin's release on one
 * host, the WeChat fake behind the WeChat plugin's callback webhook. A template becomes a card; a holder adds their
 * coupon to the WeChat card package from "my coupons"; what happens there (a gift to a friend, a deletion, a
 * clerk's verification) comes back to the coupon, and what the platform does (a redemption, a void, an expiry)
 * reaches WeChat.
 */
class WeChatCardsTest {
    private static final String TENANT = "acme";
    private static final String APP_ID = "wx5a1b2c3d4e5f6a7b";
    private static final String PAGE = "https://acme.example/hooks/acme/coupons/h5/mine";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WeChatFake fake = WeChatFake.builder().callbackDeadline(Duration.ofSeconds(2)).start();
    private final TestHost host = TestHost.allowingPrivate("127.0.0.1");
    private final Installed wechat = host.install(wechatRelease());
    private final Installed coupons = host.install(CouponsZip.build());
    private final WebhookServer hooks = new WebhookServer(host, wechat, TENANT);
    private final OfficialAccount account;
    /** How far the host's clock runs ahead of the wall clock's (for expiry). */
    private Duration ahead = Duration.ZERO;

    WeChatCardsTest() {
        host.services().clock().set(Instant.now());
        account = fake.addAccount(new AccountConfig(APP_ID, "acme-app-secret", "acmeToken2024",
                "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", MessageMode.SAFE, hooks.url(TENANT, "callback/" + APP_ID),
                "gh_7f083739789a", List.of()));
        host.services().settings(TENANT, wechat.id(), new HashMap<>(Map.of("appId", APP_ID, "appSecret", "acme-app-secret",
                "token", "acmeToken2024", "encodingAesKey", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "mode", "safe",
                "apiBaseUrl", fake.baseUrl())));
    }

    @AfterEach
    void close() {
        hooks.close();
        host.close();
        fake.close();
    }

    @Test
    void aTemplateBecomesACardOnceAndAHolderAddsTheirCouponToWeChatFromMyCouponsThenItsRedemptionReachesWeChat() throws Exception {
        cashTemplate("cash", null);
        Map<String, Object> synced = sync("cash");
        String cardId = (String) synced.get("cardId");
        assertThat(synced).containsEntry("created", true);
        assertThat(account.cardIds()).containsExactly(cardId);
        assertThat(sync("cash")).as("again").containsEntry("cardId", cardId).containsEntry("created", false);
        assertThat(refusal("syncToWeChat", Map.of("key", "cash", "appId", "wx9f8e7d6c5b4a3f2e", "brandName", "Acme",
                "logoUrl", "http://mmbiz.qpic.cn/acme.png"))).isEqualTo("TEMPLATE_IN_WECHAT");
        assertThat(account.cardIds()).hasSize(1);

        Person li = fake.addPerson("Li Lei");
        String liId = follow(li);
        String code = claim("cash", liId, "k1");
        Map<String, String> liCookie = cookie(liId);
        assertThat(page(liCookie)).contains("添加到微信卡包", "class=\"add-card\" type=\"button\" data-code=\"" + code + "\"");

        JsonNode params = addParams(liCookie, code, 200);
        assertThat(params.path("cardId").asString()).isEqualTo(cardId);
        assertThat(params.path("jsSdkUrl").asString()).isEqualTo(fake.baseUrl() + "/open/js/jweixin-1.6.0.js");
        JsonNode config = params.path("config");
        assertThat(account.acceptsJsConfig(PAGE, config.path("nonceStr").asString(), config.path("timestamp").asLong(),
                config.path("signature").asString())).isTrue();
        assertThat(account.cardStock(cardId)).as("deposited once").isEqualTo(1);
        addParams(liCookie, code, 200);
        assertThat(account.cardStock(cardId)).as("asked again").isEqualTo(1);
        assertThat(coupon(code)).containsEntry("wechatDeposited", true);
        WebhookResponse elsewhere = host.webhook(coupons, TENANT, "POST", "h5/card/" + code, liCookie,
                ("url=" + java.net.URLEncoder.encode("https://evil.example/pay", StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8),
                "127.0.0.1");
        assertThat(elsewhere.status()).as("a signature for another page").isEqualTo(400);
        assertThat(new String(elsewhere.body(), StandardCharsets.UTF_8)).contains("FORM_INVALID");

        Person han = fake.addPerson("Han Meimei");
        String hanId = follow(han);
        assertThat(addParams(cookie(hanId), code, 409).path("code").asString()).isEqualTo("COUPON_NOT_HELD");
        String phoneOnly = host.services().track(TENANT, new Event("e-phone", "page_view", host.services().clock().instant(),
                List.of(io.quanyu.plugin.sdk.Identity.of("phone", "+8613800138555")), "web", Map.of())).customerId();
        String other = claim("cash", phoneOnly, "k2");
        assertThat(addParams(cookie(phoneOnly), other, 409).path("code").asString()).isEqualTo("NOT_A_FOLLOWER");

        fake.actAs(APP_ID, li).addCard(cardId, params.path("cardExt").asString());
        settle(() -> Boolean.TRUE.equals(coupon(code).get("inWeChat")));
        assertThat(page(liCookie)).contains("已在微信卡包").doesNotContain("data-code=\"" + code + "\">添加到微信卡包");

        op("redeem", Map.of("code", code, "orderId", "pos-1", "orderAmount", 150));
        settle(() -> codeStatus(code).equals(CardCode.CONSUMED));
        settle(() -> coupon(code).get("wechatSync") instanceof Map<?, ?> sync && sync.get("doneAt") != null);
        settle(() -> !events("wechat.card_consumed").isEmpty());
        assertThat(coupon(code)).as("WeChat's report of our own consumption changes nothing")
                .containsEntry("status", "redeemed").containsEntry("orderId", "pos-1").doesNotContainKey("redeemedIn");
    }

    @Test
    void aGiftInWeChatMovesTheCouponToTheFriendWithItsChainAndADeletionOrAClerksVerificationInWeChatComeBack() {
        cashTemplate("gift", 3);
        String cardId = (String) sync("gift").get("cardId");
        Person li = fake.addPerson("Li Lei");
        Person han = fake.addPerson("Han Meimei");
        String liId = follow(li);
        String hanId = follow(han);
        String first = inWeChat(li, liId, cardId, "k1");
        String second = inWeChat(li, liId, cardId, "k2");

        fake.actAs(APP_ID, li).giftCard(first);
        settle(() -> "gifting".equals(coupon(first).get("status")));
        PluginCallException held = catchThrowableOfType(PluginCallException.class, () -> op("redeem",
                Map.of("code", first, "orderId", "o-1", "orderAmount", 150)));
        assertThat(held.pluginCode()).as("while it is being given").isEqualTo("COUPON_GIFTING");

        fake.actAs(APP_ID, han).acceptCard(first);
        settle(() -> hanId.equals(coupon(first).get("customerId")));
        assertThat(coupon(first)).containsEntry("status", "claimed").containsEntry("code", first);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> chain = (List<Map<String, Object>>) op("couponChain", Map.of("code", first)).get("chain");
        assertThat(chain).extracting(link -> link.get("customerId")).containsExactly(liId, hanId);
        assertThat(chain.getFirst()).containsEntry("status", "gifted").containsEntry("source", "wechat");
        assertThat(events("coupon.received")).singleElement().satisfies(e -> assertThat(e.properties())
                .containsEntry("from", liId).containsEntry("via", "wechat"));
        assertThat(catchThrowableOfType(PluginCallException.class, () -> op("redeem", Map.of("code", first, "orderId", "o-2",
                "orderAmount", 150, "customerId", liId))).pluginCode()).as("the giver").isEqualTo("COUPON_NOT_HELD");

        fake.actAs(APP_ID, han).deleteCard(first);
        settle(() -> "voided".equals(coupon(first).get("status")));
        assertThat(coupon(first)).containsEntry("reason", "deleted from the WeChat card package");

        fake.actAs(APP_ID, li).consumeAtCounter(second, "Acme Jing'an");
        settle(() -> "redeemed".equals(coupon(second).get("status")));
        assertThat(coupon(second)).containsEntry("redeemedIn", "wechat").containsEntry("orderId", "wechat:" + second);
        assertThat(events("coupon.redeemed")).singleElement().satisfies(e -> assertThat(e.properties())
                .containsEntry("via", "wechat").containsEntry("location", "Acme Jing'an").containsEntry("discount", 20.0));
        assertThat(host.services().records(TENANT, "couponsTemplate")).filteredOn(t -> "gift".equals(t.get("key")))
                .singleElement().satisfies(t -> assertThat(new java.math.BigDecimal(String.valueOf(t.get("discountCost"))))
                        .isEqualByComparingTo("20"));
    }

    @Test
    void aVoidOrAnExpiryOnThePlatformMakesTheCodeUnusableInWeChatAndADisagreementIsKeptOnTheCoupon() {
        cashTemplate("void", 3);
        String cardId = (String) sync("void").get("cardId");
        Person li = fake.addPerson("Li Lei");
        String liId = follow(li);
        String voided = inWeChat(li, liId, cardId, "k1");
        String used = inWeChat(li, liId, cardId, "k2");
        String expiring = inWeChat(li, liId, cardId, "k3");

        op("void", Map.of("code", voided, "reason", "issued by mistake"));
        settle(() -> codeStatus(voided).equals(CardCode.UNAVAILABLE));
        @SuppressWarnings("unchecked")
        Map<String, Object> pushed = (Map<String, Object>) coupon(voided).get("wechatSync");
        assertThat(pushed).containsEntry("action", "unavailable").containsKey("doneAt");

        fake.actAs(APP_ID, li).consumeAtCounter(used, "Acme Xuhui"); // its report is on its way when the operator voids it
        op("void", Map.of("code", used, "reason", "issued by mistake"));
        settle(() -> coupon(used).get("wechatSync") instanceof Map<?, ?> sync && sync.get("error") != null
                && coupon(used).get("wechatConflict") != null);
        assertThat(String.valueOf(((Map<?, ?>) coupon(used).get("wechatSync")).get("error"))).contains("WECHAT_REFUSED", "40099");
        assertThat(String.valueOf(((Map<?, ?>) coupon(used).get("wechatConflict")).get("what")))
                .isEqualTo("consumed in WeChat while the coupon was voided");
        assertThat(coupon(used)).as("left as it is").containsEntry("status", "voided");

        ahead = Duration.ofDays(31);
        host.services().clock().set(Instant.now().plus(ahead));
        assertThat(host.job(coupons, TENANT, "expireCoupons").summary()).startsWith("expired 1 coupons");
        settle(() -> codeStatus(expiring).equals(CardCode.UNAVAILABLE));
        assertThat(coupon(expiring)).containsEntry("status", "expired");
    }

    // ---- helpers ----

    private void cashTemplate(String key, Integer perCustomer) {
        Map<String, Object> template = new HashMap<>(Map.of("key", key, "name", "双十二满减券", "kind", "amountOff",
                "amountOff", 20, "threshold", 100, "stock", 10, "validDays", 30));
        if (perCustomer != null) {
            template.put("perCustomer", perCustomer);
        }
        op("defineTemplate", template);
        op("setTemplateStatus", Map.of("key", key, "status", "active"));
    }

    private Map<String, Object> sync(String key) {
        return op("syncToWeChat", Map.of("key", key, "appId", APP_ID, "brandName", "Acme", "logoUrl",
                "http://mmbiz.qpic.cn/acme.png"));
    }

    /** The person follows the account; answers their customer. */
    private String follow(Person person) {
        fake.actAs(APP_ID, person).follow();
        String openId = account.openId(person);
        settle(() -> host.services().emitted(TENANT).stream().anyMatch(e -> e.type().equals("wechat.subscribe")
                && e.identities().stream().anyMatch(i -> i.value().equals(openId))));
        Event subscribed = host.services().emitted(TENANT).stream().filter(e -> e.type().equals("wechat.subscribe")
                && e.identities().stream().anyMatch(i -> i.value().equals(openId))).findFirst().orElseThrow();
        return host.services().customerOf(TENANT, subscribed.id()).orElseThrow();
    }

    private String claim(String template, String customer, String key) {
        return (String) op("claim", Map.of("template", template, "customerId", customer, "key", key)).get("code");
    }

    /** A coupon the person claimed and added to their card package from "my coupons". */
    private String inWeChat(Person person, String customer, String cardId, String key) {
        String code = claim(currentTemplate(cardId), customer, key);
        fake.actAs(APP_ID, person).addCard(cardId, addParams(cookie(customer), code, 200).path("cardExt").asString());
        settle(() -> Boolean.TRUE.equals(coupon(code).get("inWeChat")));
        return code;
    }

    private String currentTemplate(String cardId) {
        return host.services().records(TENANT, "couponsTemplate").stream()
                .filter(t -> t.get("wechatCard") instanceof Map<?, ?> card && cardId.equals(card.get("cardId")))
                .map(t -> (String) t.get("key")).findFirst().orElseThrow();
    }

    private Map<String, String> cookie(String customer) {
        return Map.of("Cookie", "quanyu_session=" + host.services().sessions(TENANT).issue(customer, Duration.ofDays(1)));
    }

    private String page(Map<String, String> cookie) {
        WebhookResponse mine = host.webhook(coupons, TENANT, "GET", "h5/mine", cookie, new byte[0], "127.0.0.1");
        assertThat(mine.status()).isEqualTo(200);
        return new String(mine.body(), StandardCharsets.UTF_8);
    }

    private JsonNode addParams(Map<String, String> cookie, String code, int status) {
        WebhookResponse answer = host.webhook(coupons, TENANT, "POST", "h5/card/" + code, cookie,
                ("url=" + java.net.URLEncoder.encode(PAGE, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8), "127.0.0.1");
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        assertThat(answer.status()).as(body).isEqualTo(status);
        return JSON.readTree(body);
    }

    private String codeStatus(String code) {
        return account.cardCodes().stream().filter(c -> c.code().equals(code)).map(CardCode::status).findFirst().orElse("");
    }

    /** Runs the due tasks (the host's clock following the wall clock's) and hands the tracked events to the coupons plugin until the condition holds (5 s at most). */
    private void settle(BooleanSupplier condition) {
        Instant until = Instant.now().plusSeconds(5);
        while (true) {
            host.services().clock().set(Instant.now().plus(ahead));
            host.runDueTasks();
            host.deliverTracked(coupons, TENANT);
            if (condition.getAsBoolean()) {
                return;
            }
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("the condition did not come true in 5 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private List<Event> events(String type) {
        return host.services().emitted(TENANT).stream().filter(e -> e.type().equals(type)).toList();
    }

    private Map<String, Object> coupon(String code) {
        return host.services().records(TENANT, "couponsCoupon").stream().filter(c -> code.equals(c.get("code")))
                .findFirst().orElseThrow();
    }

    private Map<String, Object> op(String name, Map<String, Object> input) {
        return host.operation(coupons, TENANT, name, input);
    }

    private String refusal(String name, Map<String, Object> input) {
        return catchThrowableOfType(PluginCallException.class, () -> op(name, input)).pluginCode();
    }

    /** The WeChat plugin's signed release, as the reactor built it before this module. */
    private static byte[] wechatRelease() {
        try {
            return Files.readAllBytes(PluginZipBuilder.newestRelease(Path.of("..", "channel-wechat", "target"), "channel-wechat"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
