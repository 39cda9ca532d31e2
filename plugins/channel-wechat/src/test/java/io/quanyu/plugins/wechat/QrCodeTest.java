package io.quanyu.plugins.wechat;

import io.quanyu.fakes.wechat.MessageMode;
import io.quanyu.fakes.wechat.Person;
import io.quanyu.fakes.wechat.QrCode;
import io.quanyu.plugin.sdk.PluginCallException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parametric QR codes: made through the {@code qrCode} operation, scanned by people, attributed by their scene. */
class QrCodeTest {
    private final WeChatTestBed bed = new WeChatTestBed(MessageMode.SAFE);

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void aPersonWhoScansATemporaryCodeBecomesACustomerWithTheScopedOpenidAndTheScene() {
        Map<String, Object> code = bed.host.operation(bed.plugin, WeChatTestBed.TENANT, "qrCode", Map.of(
                "appId", WeChatTestBed.APP_ID, "scene", "poster-shanghai-01", "expireSeconds", 86400));
        Person han = bed.fake.addPerson("Han Meimei");

        bed.fake.actAs(WeChatTestBed.APP_ID, han).scan((String) code.get("ticket"));
        bed.runTasks();

        assertThat(code).containsEntry("permanent", false).containsEntry("expireSeconds", 86400L);
        assertThat((String) code.get("imageUrl")).startsWith(bed.fake.baseUrl() + "/cgi-bin/showqrcode?ticket=");
        assertThat(bed.account.qrCodes()).singleElement().satisfies((QrCode qr) -> {
            assertThat(qr.actionName()).isEqualTo("QR_STR_SCENE");
            assertThat(qr.scene()).isEqualTo("poster-shanghai-01");
        });
        assertThat(bed.events("wechat.subscribe")).singleElement().satisfies(event -> {
            assertThat(event.identities()).contains(WeChatTestBed.openIdentity(bed.openId(han)));
            assertThat(event.properties()).containsEntry("scene", "poster-shanghai-01")
                    .containsEntry("ticket", code.get("ticket"));
            assertThat(bed.host.services().customerOf(WeChatTestBed.TENANT, event.id())).isPresent();
        });
    }

    @Test
    void aFollowerWhoScansAPermanentCodeIsTrackedAsAScanWithTheScene() {
        Person li = bed.follower("Li Lei");
        Map<String, Object> code = bed.host.operation(bed.plugin, WeChatTestBed.TENANT, "qrCode", Map.of(
                "appId", WeChatTestBed.APP_ID, "scene", "counter-7"));

        bed.fake.actAs(WeChatTestBed.APP_ID, li).scan((String) code.get("ticket"));
        bed.runTasks();

        assertThat(code).containsEntry("permanent", true).doesNotContainKey("expireSeconds");
        assertThat(bed.account.qrCodes()).singleElement()
                .satisfies(qr -> assertThat(qr.actionName()).isEqualTo("QR_LIMIT_STR_SCENE"));
        assertThat(bed.events("wechat.scan")).singleElement().satisfies(event -> {
            assertThat(event.properties()).containsEntry("scene", "counter-7");
            assertThat(bed.host.services().customerOf(WeChatTestBed.TENANT, event.id())).isEqualTo(
                    bed.host.services().customerOf(WeChatTestBed.TENANT, bed.events("wechat.subscribe").getFirst()
                            .id()));
        });
    }

    @Test
    void anAccountTheTenantHasNotSetUpIsRefused() {
        assertThatThrownBy(() -> bed.host.operation(bed.plugin, WeChatTestBed.TENANT, "qrCode", Map.of(
                "appId", "wx0000000000000000", "scene", "x")))
                .isInstanceOfSatisfying(PluginCallException.class, e -> assertThat(e.getMessage())
                        .contains("wx0000000000000000"));
    }
}
