package io.quanyu.fakes.wechat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cards and coupons (engines §C [C31]-[C36]): a deposit-mode card from creation to a person's card package, the
 * {@code cardExt} signature with the {@code wx_card} ticket, stock and get_limit, consumption, gifts, deletion, and
 * WeChat's error codes on each refusal.
 */
class CardsTest {

    private final WeChatFake fake = WeChatFake.start();
    private final TestHttp http = new TestHttp(fake.baseUrl());
    private String token;
    private final Person li = fake.addPerson("Li Lei");
    private final Person han = fake.addPerson("Han Meimei");
    private final OfficialAccount account;

    CardsTest() {
        account = fake.addAccount(AccountConfig.of("wx1", "secret1", "t1"));
        token = http.token("wx1", "secret1");
    }

    @AfterEach
    void close() {
        fake.close();
    }

    @Test
    void aDepositModeCardIsAuditedTakesCodesAndItsStockNeverPassesThem() {
        String cardId = createCash(0, "{\"type\":\"DATE_TYPE_FIX_TERM\",\"fixed_term\":30,\"fixed_begin_term\":0}");
        assertThat(cardId).startsWith("p").hasSize(28);
        Await.until(() -> account.deliveries().stream().anyMatch(d -> d.xml().contains("card_pass_check")
                && d.xml().contains(cardId)));
        JsonNode card = call("/card/get", "{\"card_id\":\"" + cardId + "\"}");
        assertThat(card.path("card").path("card_type").asString()).isEqualTo("CASH");
        assertThat(card.path("card").path("cash").path("base_info").path("status").asString())
                .isEqualTo("CARD_STATUS_VERIFY_OK");

        JsonNode deposited = call("/card/code/deposit", "{\"card_id\":\"" + cardId
                + "\",\"code\":[\"CASH-A1\",\"CASH-A2\",\"CASH-A1\",\" \"]}");
        assertThat(deposited.path("succ_code").toString()).isEqualTo("[\"CASH-A1\",\"CASH-A2\"]");
        assertThat(deposited.path("duplicate_code").toString()).isEqualTo("[\"CASH-A1\"]");
        assertThat(deposited.path("fail_code").toString()).isEqualTo("[\" \"]");
        assertThat(call("/card/code/getdepositcount", "{\"card_id\":\"" + cardId + "\"}").path("count").asInt())
                .isEqualTo(2);
        assertThat(call("/card/modifystock", "{\"card_id\":\"" + cardId + "\",\"increase_stock_value\":3}")
                .path("errcode").asInt()).as("more stock than codes").isEqualTo(40122);
        assertThat(call("/card/modifystock", "{\"card_id\":\"" + cardId + "\",\"increase_stock_value\":2}")
                .path("errcode").asInt()).isZero();
        assertThat(account.cardStock(cardId)).isEqualTo(2);

        assertThat(call("/card/code/deposit", "{\"card_id\":\"pNope\",\"code\":[\"X\"]}").path("errcode").asInt())
                .isEqualTo(40073);
        assertThat(call("/card/create", "{\"card\":{\"card_type\":\"CASH\",\"cash\":{\"base_info\":"
                + baseInfo(5, "{\"type\":\"DATE_TYPE_FIX_TERM\",\"fixed_term\":30}") + ",\"reduce_cost\":1000}}}")
                .path("errcode").asInt()).as("a deposit card starts at 0").isEqualTo(40122);
        assertThat(call("/card/create", "{\"card\":{\"card_type\":\"RAFFLE\"}}").path("errcode").asInt())
                .isEqualTo(40071);
    }

    @Test
    void aPersonAddsASignedCodeOnceAndTheCardKeepsItsStockAndLimit() {
        String cardId = stocked("CASH-B1", "CASH-B2", "CASH-B3");
        String liOpenId = account.openId(li);
        assertThatThrownBy(() -> fake.actAs("wx1", li).addCard(cardId, ext(cardId, "CASH-B1", liOpenId, "forged")))
                .hasMessageStartingWith("40080");
        assertThatThrownBy(() -> fake.actAs("wx1", han).addCard(cardId, signedExt(cardId, "CASH-B1", liOpenId)))
                .as("a cardExt for someone else").hasMessageStartingWith("40080");
        assertThatThrownBy(() -> fake.actAs("wx1", li).addCard(cardId, signedExt(cardId, "CASH-ZZ", liOpenId)))
                .as("a code never deposited").hasMessageStartingWith("40056");

        Delivery added = fake.actAs("wx1", li).addCard(cardId, signedExt(cardId, "CASH-B1", liOpenId));
        assertThat(added.xml()).contains("<Event><![CDATA[user_get_card]]></Event>", "<CardId><![CDATA[" + cardId,
                "<IsGiveByFriend>0</IsGiveByFriend>", "<UserCardCode><![CDATA[CASH-B1]]></UserCardCode>",
                "<OuterStr><![CDATA[claim-1]]></OuterStr>");
        assertThat(account.cardStock(cardId)).isEqualTo(2);
        assertThatThrownBy(() -> fake.actAs("wx1", han).addCard(cardId, signedExt(cardId, "CASH-B1", null)))
                .as("a code taken").hasMessageStartingWith("40056");
        assertThatThrownBy(() -> fake.actAs("wx1", li).addCard(cardId, signedExt(cardId, "CASH-B2", liOpenId)))
                .as("get_limit 1").hasMessageStartingWith("45033");
        fake.actAs("wx1", han).addCard(cardId, signedExt(cardId, "CASH-B2", null));
        assertThat(account.cardCodes()).extracting(CardCode::code, CardCode::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CASH-B1", "NORMAL"),
                        org.assertj.core.groups.Tuple.tuple("CASH-B2", "NORMAL"));
    }

    @Test
    void aCodeIsConsumedOnceAndWeChatTellsItsHolder() {
        String cardId = stocked("CASH-C1");
        String liOpenId = account.openId(li);
        fake.actAs("wx1", li).addCard(cardId, signedExt(cardId, "CASH-C1", liOpenId));
        JsonNode got = call("/card/code/get", "{\"card_id\":\"" + cardId + "\",\"code\":\"CASH-C1\","
                + "\"check_consume\":true}");
        assertThat(got.path("openid").asString()).isEqualTo(liOpenId);
        assertThat(got.path("can_consume").asBoolean()).isTrue();
        assertThat(got.path("user_card_status").asString()).isEqualTo("NORMAL");
        assertThat(call("/card/code/consume", "{\"code\":\"CASH-C1\"}").path("errcode").asInt())
                .as("a custom code needs its card").isEqualTo(41012);

        JsonNode consumed = call("/card/code/consume", "{\"code\":\"CASH-C1\",\"card_id\":\"" + cardId + "\"}");
        assertThat(consumed.path("openid").asString()).isEqualTo(liOpenId);
        Await.until(() -> account.deliveries().stream().anyMatch(d -> d.xml().contains("user_consume_card")));
        assertThat(account.deliveries().getLast().xml()).contains("<FromUserName><![CDATA[" + liOpenId,
                "<ConsumeSource><![CDATA[FROM_API]]></ConsumeSource>", "<UserCardCode><![CDATA[CASH-C1]]>");
        assertThat(call("/card/code/consume", "{\"code\":\"CASH-C1\",\"card_id\":\"" + cardId + "\"}")
                .path("errcode").asInt()).isEqualTo(40099);
        assertThat(call("/card/code/get", "{\"card_id\":\"" + cardId + "\",\"code\":\"CASH-C1\","
                + "\"check_consume\":false}").path("user_card_status").asString()).isEqualTo("CONSUMED");
        assertThat(call("/card/code/consume", "{\"code\":\"CASH-NONE\",\"card_id\":\"" + cardId + "\"}")
                .path("errcode").asInt()).isEqualTo(40056);
    }

    @Test
    void aGiftMovesTheCodeAndAGiftingOrDeletedCodeCannotBeConsumed() {
        String cardId = stocked("CASH-D1", "CASH-D2");
        String liOpenId = account.openId(li);
        String hanOpenId = account.openId(han);
        fake.actAs("wx1", li).addCard(cardId, signedExt(cardId, "CASH-D1", liOpenId));
        assertThat(fake.actAs("wx1", li).giftCard("CASH-D1").xml()).contains("user_gifting_card",
                "<IsReturnBack>0</IsReturnBack>");
        assertThat(consume(cardId, "CASH-D1")).isEqualTo(40127);

        Delivery accepted = fake.actAs("wx1", han).acceptCard("CASH-D1");
        assertThat(accepted.xml()).contains("<FromUserName><![CDATA[" + hanOpenId, "<IsGiveByFriend>1</IsGiveByFriend>",
                "<FriendUserName><![CDATA[" + liOpenId + "]]>", "<OldUserCardCode><![CDATA[CASH-D1]]>",
                "<UserCardCode><![CDATA[CASH-D1]]>");
        assertThat(call("/card/code/get", "{\"card_id\":\"" + cardId + "\",\"code\":\"CASH-D1\"}").path("openid")
                .asString()).isEqualTo(hanOpenId);

        fake.actAs("wx1", han).deleteCard("CASH-D1");
        assertThat(consume(cardId, "CASH-D1")).isEqualTo(40127);
        fake.actAs("wx1", li).addCard(cardId, signedExt(cardId, "CASH-D2", liOpenId));
        assertThat(call("/card/code/unavailable", "{\"card_id\":\"" + cardId + "\",\"code\":\"CASH-D2\","
                + "\"reason\":\"voided\"}").path("errcode").asInt()).isZero();
        assertThat(consume(cardId, "CASH-D2")).isEqualTo(40056);
    }

    @Test
    void aCodeIsValidForItsTermAfterItWasAddedAndTicketsAreReusedUntilTheyExpire() {
        String cardId = stocked("CASH-E1");
        String liOpenId = account.openId(li);
        fake.actAs("wx1", li).addCard(cardId, signedExt(cardId, "CASH-E1", liOpenId));
        fake.time().advance(Duration.ofDays(31));
        token = http.token("wx1", "secret1");
        assertThat(consume(cardId, "CASH-E1")).isEqualTo(40079);

        String jsapi = ticket("jsapi");
        assertThat(ticket("jsapi")).isEqualTo(jsapi);
        assertThat(ticket("wx_card")).isNotEqualTo(jsapi);
        fake.time().advance(Duration.ofSeconds(7201));
        token = http.token("wx1", "secret1");
        assertThat(ticket("jsapi")).isNotEqualTo(jsapi);
        assertThat(http.get("/cgi-bin/ticket/getticket?type=jsapi&access_token=" + token + "x").path("errcode")
                .asInt()).isEqualTo(40001);
    }

    @Test
    void theJsConfigSignatureMatchesWeChatsPublishedVector() {
        String ticket = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
        assertThat(Signatures.jsConfig(ticket, "Wm3WZYTPz0wzccnW", 1414587457, "http://mp.weixin.qq.com?params=value"))
                .isEqualTo("0f9de62fce790f9a083d5c99e95740ceb90c27ed");
        assertThat(Signatures.jsConfig(ticket, "Wm3WZYTPz0wzccnW", 1414587457, "http://mp.weixin.qq.com#frag"))
                .isEqualTo("f4d90daf4b3bca3078ab155816175ba34c443a7b");
        String live = ticket("jsapi");
        assertThat(account.acceptsJsConfig("https://shop.example/h5", "n1", 1700000000,
                Signatures.jsConfig(live, "n1", 1700000000, "https://shop.example/h5"))).isTrue();
        assertThat(account.acceptsJsConfig("https://shop.example/other", "n1", 1700000000,
                Signatures.jsConfig(live, "n1", 1700000000, "https://shop.example/h5"))).isFalse();
    }

    @Test
    void thePagesJsSdkAddsACardForThePersonItsExtNamesOnceItsConfigIsSignedForThePage() {
        String cardId = stocked("JS-1");
        fake.actAs("wx1", li).follow();
        String liOpenId = account.openId(li);
        var script = http.raw("GET", "/open/js/jweixin-1.6.0.js", null);
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/javascript"));
        assertThat(new String(script.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("window.wx", "addCard");

        String page = "https://shop.example/h5/mine";
        String signature = Signatures.jsConfig(ticket("jsapi"), "n1", 1700000000, page);
        String config = "{\"appId\":\"wx1\",\"timestamp\":1700000000,\"nonceStr\":\"n1\",\"signature\":\"" + signature
                + "\",\"jsApiList\":[\"addCard\"]}";
        assertThat(http.post("/fake/jssdk/config", "{\"appId\":\"wx1\",\"url\":\"" + page + "#top\",\"config\":" + config
                + "}").path("errMsg").asString()).as("the # part is not signed").isEqualTo("config:ok");
        assertThat(http.post("/fake/jssdk/config", "{\"appId\":\"wx1\",\"url\":\"https://shop.example/other\",\"config\":"
                + config + "}").path("errMsg").asString()).isEqualTo("config:invalid signature");

        String card = "{\"cardId\":\"" + cardId + "\",\"cardExt\":" + Json.MAPPER.writeValueAsString(
                signedExt(cardId, "JS-1", liOpenId)) + "}";
        JsonNode forged = http.post("/fake/jssdk/addCard", "{\"appId\":\"wx1\",\"url\":\"https://shop.example/other\","
                + "\"config\":" + config + ",\"cardList\":[" + card + "]}");
        assertThat(forged.path("errMsg").asString()).isEqualTo("addCard:fail config:invalid signature");
        var added = http.raw("POST", "/fake/jssdk/addCard", "{\"appId\":\"wx1\",\"url\":\"" + page + "\",\"config\":"
                + config + ",\"cardList\":[" + card + "]}");
        assertThat(added.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        JsonNode answer = Json.read(added.body());
        assertThat(answer.path("errMsg").asString()).as(answer.toString()).isEqualTo("addCard:ok");
        assertThat(answer.path("cardList").get(0).path("isSuccess").asBoolean()).isTrue();
        assertThat(account.cardCodes()).singleElement().satisfies(code -> assertThat(code.openId()).isEqualTo(liOpenId));
        assertThat(http.post("/fake/jssdk/addCard", "{\"appId\":\"wx1\",\"url\":\"" + page + "\",\"config\":" + config
                + ",\"cardList\":[" + card + "]}").path("errMsg").asString()).as("the same code again").startsWith("addCard:fail 4");
    }

    private String stocked(String... codes) {
        String cardId = createCash(1, "{\"type\":\"DATE_TYPE_FIX_TERM\",\"fixed_term\":30,\"fixed_begin_term\":0}");
        call("/card/code/deposit", "{\"card_id\":\"" + cardId + "\",\"code\":[\"" + String.join("\",\"", codes)
                + "\"]}");
        call("/card/modifystock", "{\"card_id\":\"" + cardId + "\",\"increase_stock_value\":" + codes.length + "}");
        return cardId;
    }

    private String createCash(int getLimit, String dateInfo) {
        JsonNode created = call("/card/create", "{\"card\":{\"card_type\":\"CASH\",\"cash\":{\"base_info\":"
                + baseInfo(0, dateInfo).replace("\"get_limit\":1", "\"get_limit\":" + Math.max(getLimit, 1))
                + ",\"least_cost\":10000,\"reduce_cost\":2000}}}");
        assertThat(created.path("errcode").asInt()).as(created.toString()).isZero();
        return created.path("card_id").asString();
    }

    private static String baseInfo(int quantity, String dateInfo) {
        return "{\"logo_url\":\"http://mmbiz.qpic.cn/logo.png\",\"brand_name\":\"全域咖啡\",\"code_type\":"
                + "\"CODE_TYPE_QRCODE\",\"title\":\"满100减20\",\"color\":\"Color010\",\"notice\":\"出示券码\","
                + "\"description\":\"不可与其他优惠同享\",\"date_info\":" + dateInfo + ",\"sku\":{\"quantity\":"
                + quantity + "},\"get_limit\":1,\"use_custom_code\":true,\"get_custom_code_mode\":"
                + "\"GET_CUSTOM_CODE_MODE_DEPOSIT\",\"can_give_friend\":true}";
    }

    private String signedExt(String cardId, String code, String openId) {
        String ticket = ticket("wx_card");
        String timestamp = Long.toString(fake.time().epochSecond());
        String nonce = "n0nce" + code;
        String signature = openId == null ? Signatures.sha1Sorted(ticket, timestamp, cardId, code, nonce)
                : Signatures.sha1Sorted(ticket, timestamp, cardId, code, openId, nonce);
        return ext(cardId, code, openId, signature).replace("\"timestamp\":\"0\"", "\"timestamp\":\"" + timestamp + "\"");
    }

    private static String ext(String cardId, String code, String openId, String signature) {
        return "{\"code\":\"" + code + "\"," + (openId == null ? "" : "\"openid\":\"" + openId + "\",")
                + "\"timestamp\":\"0\",\"nonce_str\":\"n0nce" + code + "\",\"signature\":\"" + signature
                + "\",\"outer_str\":\"claim-1\"}";
    }

    private String ticket(String type) {
        return http.get("/cgi-bin/ticket/getticket?type=" + type + "&access_token=" + token).path("ticket").asString();
    }

    private int consume(String cardId, String code) {
        return call("/card/code/consume", "{\"code\":\"" + code + "\",\"card_id\":\"" + cardId + "\"}")
                .path("errcode").asInt();
    }

    private JsonNode call(String path, String json) {
        return http.post(path + "?access_token=" + token, json);
    }

}
