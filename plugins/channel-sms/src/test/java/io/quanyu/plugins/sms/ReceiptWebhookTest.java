package io.quanyu.plugins.sms;

import io.quanyu.plugin.sdk.channel.DeliveryStatus;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import io.quanyu.plugin.testkit.InMemoryDeliveries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static io.quanyu.plugins.sms.SmsTestBed.TENANT;
import static io.quanyu.plugins.sms.SmsTestBed.phone;
import static io.quanyu.plugins.sms.SmsTestBed.template;
import static org.assertj.core.api.Assertions.assertThat;

/** Alibaba's receipt pushes (SmsReport) at the {@code receipt} webhook: which sends they report, and who may push. */
class ReceiptWebhookTest {
    private final SmsTestBed bed = new SmsTestBed();
    private String welcome;
    private String promo;

    @BeforeEach
    void sendTwo() {
        welcome = bed.send("welcome:c-1", phone("+8613800138000"), template("SMS_1")).sendId();
        promo = bed.send("promo:c-2", phone("+8613900139000"), template("SMS_2")).sendId();
    }

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void eachReceiptReportsTheSendInItsOutId() {
        String body = "[" + receipt(welcome, true, "DELIVERED", "用户接收成功", "2024-05-01 12:00:03") + ","
                + receipt(promo, false, "MK:0001", "空号", "2024-05-01 12:00:09") + "]";

        WebhookResponse answer = push(TENANT, "?token=" + SmsTestBed.RECEIPT_TOKEN, body);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"code\":0,\"msg\":\"接收成功\"}");
        assertThat(reports()).hasSize(2);
        assertThat(reports().get(0)).satisfies(r -> {
            assertThat(r.sendId()).isEqualTo(welcome);
            assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(r.at()).isEqualTo(Instant.parse("2024-05-01T04:00:03Z"));
            assertThat(r.detail()).containsEntry("errCode", "DELIVERED").containsEntry("bizId", "biz-" + welcome);
        });
        assertThat(reports().get(1)).satisfies(r -> {
            assertThat(r.sendId()).isEqualTo(promo);
            assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(r.detail()).containsEntry("errCode", "MK:0001").containsEntry("errMsg", "空号");
        });
    }

    @Test
    void aReceiptForASendThePlatformDoesNotKnowIsSkipped() {
        String body = "[" + receipt("snd_0000000000000000000000000000beef", true, "DELIVERED", "用户接收成功",
                "2024-05-01 12:00:03") + "," + receipt(promo, true, "DELIVERED", "用户接收成功", "2024-05-01 12:00:04")
                + ",{\"success\":true}]";

        WebhookResponse answer = push(TENANT, "?token=" + SmsTestBed.RECEIPT_TOKEN, body);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(reports()).singleElement().satisfies(r -> assertThat(r.sendId()).isEqualTo(promo));
    }

    @Test
    void aPushWithoutTheTenantsTokenIsRefusedAndReportsNothing() {
        String body = "[" + receipt(welcome, true, "DELIVERED", "用户接收成功", "2024-05-01 12:00:03") + "]";

        assertThat(push(TENANT, "?token=guess", body).status()).isEqualTo(401);
        assertThat(push(TENANT, "", body).status()).isEqualTo(401);
        bed.settings(Map.of("receiptToken", " "));
        assertThat(push(TENANT, "?token=%20", body).status()).as("no token set: nobody may push").isEqualTo(401);
        assertThat(reports()).isEmpty();
    }

    @Test
    void onlyAPostOfAnArrayOfReceiptsIsTaken() {
        assertThat(bed.host.webhook(bed.plugin, TENANT, "GET", "receipt?token=" + SmsTestBed.RECEIPT_TOKEN, Map.of(),
                new byte[0]).status()).isEqualTo(405);
        assertThat(push(TENANT, "?token=" + SmsTestBed.RECEIPT_TOKEN, "{\"out_id\":\"" + welcome + "\"}").status())
                .isEqualTo(400);
        assertThat(push(TENANT, "?token=" + SmsTestBed.RECEIPT_TOKEN, "[{\"out_id\":").status()).isEqualTo(400);
        assertThat(reports()).isEmpty();
    }

    private WebhookResponse push(String tenant, String query, String body) {
        return bed.host.webhook(bed.plugin, tenant, "POST", "receipt" + query,
                Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
    }

    private java.util.List<InMemoryDeliveries.Report> reports() {
        return bed.host.services().deliveries().reports(TENANT);
    }

    private static String receipt(String sendId, boolean success, String errCode, String errMsg, String reportTime) {
        return "{\"phone_number\":\"1380013****\",\"send_time\":\"2024-05-01 12:00:00\",\"report_time\":\""
                + reportTime + "\",\"success\":" + success + ",\"err_code\":\"" + errCode + "\",\"err_msg\":\""
                + errMsg + "\",\"sms_size\":\"1\",\"biz_id\":\"biz-" + sendId + "\",\"out_id\":\"" + sendId + "\"}";
    }
}
