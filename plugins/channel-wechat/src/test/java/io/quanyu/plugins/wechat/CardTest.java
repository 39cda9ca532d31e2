package io.quanyu.plugins.wechat;

import io.quanyu.fakes.wechat.CardCode;
import io.quanyu.fakes.wechat.MessageMode;
import io.quanyu.fakes.wechat.Person;
import io.quanyu.plugin.sdk.PluginCallException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cards and coupons (卡券) through the plugin's operations on the WeChat fake: a deposit-mode card, codes deposited,
 * a follower adding one with the signed {@code cardExt}, its consumption, a gift and a deletion, each tracked as a
 * {@code wechat.card_*} event of the customer who holds the code.
 */
class CardTest {
    private final WeChatTestBed bed = new WeChatTestBed(MessageMode.SAFE);

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void aCardIsCreatedItsCodesDepositedOnceAndAFollowerAddsOneWithTheSignedExt() {
        String cardId = createCash();
        Map<String, Object> deposited = op("depositCardCodes", Map.of("appId", WeChatTestBed.APP_ID,
                "cardId", cardId, "codes", List.of("CASH-7K2M9", "CASH-Q8W3E")));
        assertThat(deposited).containsEntry("deposited", List.of("CASH-7K2M9", "CASH-Q8W3E"))
                .containsEntry("stock", 2L);
        assertThat(op("depositCardCodes", Map.of("appId", WeChatTestBed.APP_ID, "cardId", cardId,
                "codes", List.of("CASH-7K2M9")))).as("a retry").containsEntry("duplicate", List.of("CASH-7K2M9"))
                .containsEntry("stock", 2L);
        assertThat(bed.account.cardStock(cardId)).isEqualTo(2);

        Person li = bed.follower("Li Lei");
        String url = "https://acme.example/hooks/acme/coupons/h5/mine?claimed=CASH-7K2M9#top";
        Map<String, Object> params = op("addCardParams", Map.of("appId", WeChatTestBed.APP_ID, "cardId", cardId,
                "code", "CASH-7K2M9", "openId", bed.openId(li), "outerStr", "coupon-1", "url", url));
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) params.get("config");
        assertThat(config).containsEntry("appId", WeChatTestBed.APP_ID);
        assertThat(params).as("the fake serves WeChat's JS-SDK at WeChat's path")
                .containsEntry("jsSdkUrl", bed.fake.baseUrl() + "/open/js/jweixin-1.6.0.js");
        assertThat(bed.account.acceptsJsConfig(url, (String) config.get("nonceStr"),
                ((Number) config.get("timestamp")).longValue(), (String) config.get("signature"))).isTrue();

        bed.fake.actAs(WeChatTestBed.APP_ID, li).addCard(cardId, (String) params.get("cardExt"));
        bed.runTasks();
        assertThat(bed.events("wechat.card_received")).singleElement().satisfies(event -> {
            assertThat(event.identities()).contains(WeChatTestBed.openIdentity(bed.openId(li)));
            assertThat(event.properties()).containsEntry("cardId", cardId).containsEntry("code", "CASH-7K2M9")
                    .containsEntry("fromFriend", false).containsEntry("outerStr", "coupon-1")
                    .doesNotContainKey("previousCode");
        });
        assertThat(bed.account.cardStock(cardId)).isEqualTo(1);
        Person han = bed.follower("Han Meimei");
        assertThatThrownBy(() -> bed.fake.actAs(WeChatTestBed.APP_ID, han).addCard(cardId, (String) op(
                "addCardParams", Map.of("appId", WeChatTestBed.APP_ID, "cardId", cardId, "code", "CASH-Q8W3E",
                        "openId", bed.openId(li))).get("cardExt"))).as("an ext for Li").hasMessageStartingWith("40080");
    }

    @Test
    void aConsumedCodeIsReportedAndRefusedTheSecondTimeWithWeChatsCode() {
        String cardId = createCash();
        Person li = bed.follower("Li Lei");
        add(cardId, "CASH-C0NS1", li);

        assertThat(op("consumeCardCode", Map.of("appId", WeChatTestBed.APP_ID, "cardId", cardId,
                "code", "CASH-C0NS1"))).containsEntry("openId", bed.openId(li));
        awaitEvents("wechat.card_consumed", 1);
        assertThat(bed.events("wechat.card_consumed").getFirst().properties()).containsEntry("code", "CASH-C0NS1")
                .containsEntry("source", "FROM_API");
        assertThatThrownBy(() -> op("consumeCardCode", Map.of("appId", WeChatTestBed.APP_ID, "cardId", cardId,
                "code", "CASH-C0NS1"))).isInstanceOfSatisfying(PluginCallException.class, e -> {
                    assertThat(e.pluginCode()).isEqualTo("WECHAT_REFUSED");
                    assertThat(e.getMessage()).contains("40099");
                });
    }

    @Test
    void aGiftAndADeletionAreTrackedForTheirHoldersAndAVoidedCodeIsUnusable() {
        String cardId = createCash();
        Person li = bed.follower("Li Lei");
        Person han = bed.follower("Han Meimei");
        add(cardId, "CASH-G1FT1", li);
        bed.fake.actAs(WeChatTestBed.APP_ID, li).giftCard("CASH-G1FT1");
        bed.fake.actAs(WeChatTestBed.APP_ID, han).acceptCard("CASH-G1FT1");
        bed.runTasks();
        assertThat(bed.events("wechat.card_gifting")).singleElement().satisfies(event -> assertThat(
                event.identities()).contains(WeChatTestBed.openIdentity(bed.openId(li))));
        assertThat(bed.events("wechat.card_received")).last().satisfies(event -> {
            assertThat(event.identities()).contains(WeChatTestBed.openIdentity(bed.openId(han)));
            assertThat(event.properties()).containsEntry("fromFriend", true)
                    .containsEntry("friendOpenId", bed.openId(li)).containsEntry("previousCode", "CASH-G1FT1")
                    .containsEntry("code", "CASH-G1FT1");
        });
        bed.fake.actAs(WeChatTestBed.APP_ID, han).deleteCard("CASH-G1FT1");
        bed.runTasks();
        assertThat(bed.events("wechat.card_deleted")).singleElement().satisfies(event -> assertThat(
                event.properties()).containsEntry("code", "CASH-G1FT1"));

        add(cardId, "CASH-V01D1", li);
        op("makeCardCodeUnavailable", Map.of("appId", WeChatTestBed.APP_ID, "cardId", cardId, "code", "CASH-V01D1",
                "reason", "voided by the brand"));
        assertThat(bed.account.cardCodes()).filteredOn(code -> code.code().equals("CASH-V01D1"))
                .extracting(CardCode::status).containsExactly(CardCode.UNAVAILABLE);
    }

    @Test
    void twoCodesAddedInTheSameSecondStayTwoEvents() {
        String cardId = createCash();
        Person li = bed.follower("Li Lei");
        op("depositCardCodes", Map.of("appId", WeChatTestBed.APP_ID, "cardId", cardId,
                "codes", List.of("CASH-TW0A1", "CASH-TW0B2")));
        Map<String, String> exts = new HashMap<>();
        for (String code : List.of("CASH-TW0A1", "CASH-TW0B2")) {
            exts.put(code, (String) op("addCardParams", Map.of("appId", WeChatTestBed.APP_ID, "cardId", cardId,
                    "code", code)).get("cardExt"));
        }
        while (bed.fake.time().now().toEpochMilli() % 1000 > 100) {
            Thread.onSpinWait();
        }
        long second = bed.fake.time().epochSecond();
        exts.forEach((code, ext) -> bed.fake.actAs(WeChatTestBed.APP_ID, li).addCard(cardId, ext));
        assertThat(bed.fake.time().epochSecond()).as("both pushes carry the same CreateTime").isEqualTo(second);
        bed.runTasks();
        assertThat(bed.events("wechat.card_received")).extracting(event -> event.properties().get("code"))
                .containsExactlyInAnyOrder("CASH-TW0A1", "CASH-TW0B2");
    }

    @Test
    void aCardWithoutItsAmountOrDatesIsRefusedBeforeWeChatIsAsked() {
        Map<String, Object> card = cash();
        card.remove("amountOff");
        assertThatThrownBy(() -> op("createCard", card)).isInstanceOfSatisfying(PluginCallException.class,
                e -> assertThat(e.pluginCode()).isEqualTo(CreateCardOperation.INVALID));
        Map<String, Object> dated = cash();
        dated.remove("validDays");
        dated.put("validFrom", "2026-12-12T00:00:00Z");
        dated.put("validTo", "2026-12-11T00:00:00Z");
        assertThatThrownBy(() -> op("createCard", dated)).isInstanceOfSatisfying(PluginCallException.class,
                e -> assertThat(e.getMessage()).contains("validTo must be after validFrom"));
        dated.put("validTo", Instant.now().plus(Duration.ofDays(30)).toString());
        dated.put("validFrom", Instant.now().toString());
        assertThat(bed.account.cardIds()).isEmpty();
        assertThat((String) op("createCard", dated).get("cardId")).startsWith("p");
    }

    private void add(String cardId, String code, Person person) {
        op("depositCardCodes", Map.of("appId", WeChatTestBed.APP_ID, "cardId", cardId, "codes", List.of(code)));
        bed.fake.actAs(WeChatTestBed.APP_ID, person).addCard(cardId, (String) op("addCardParams", Map.of(
                "appId", WeChatTestBed.APP_ID, "cardId", cardId, "code", code, "openId", bed.openId(person)))
                .get("cardExt"));
        bed.runTasks();
    }

    private String createCash() {
        String cardId = (String) op("createCard", cash()).get("cardId");
        assertThat(bed.account.cardIds()).contains(cardId);
        return cardId;
    }

    private static Map<String, Object> cash() {
        return new HashMap<>(Map.of("appId", WeChatTestBed.APP_ID, "kind", "cash", "title", "满100减20",
                "brandName", "全域咖啡", "logoUrl", "https://acme.example/logo.png", "notice", "结账时出示券码",
                "description", "不可与其他优惠同享", "amountOff", 20, "threshold", 100, "validDays", 30));
    }

    private void awaitEvents(String type, int count) {
        long giveUp = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (bed.events(type).size() < count && System.nanoTime() < giveUp) {
            bed.runTasks();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Map<String, Object> op(String name, Map<String, Object> input) {
        return bed.host.operation(bed.plugin, WeChatTestBed.TENANT, name, input);
    }
}
