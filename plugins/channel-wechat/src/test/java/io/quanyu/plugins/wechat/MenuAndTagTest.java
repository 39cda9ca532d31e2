package io.quanyu.plugins.wechat;

import io.quanyu.fakes.wechat.MessageMode;
import io.quanyu.fakes.wechat.Person;
import io.quanyu.plugin.sdk.PluginCallException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code setMenu} and {@code syncTag} against the fake. */
class MenuAndTagTest {
    private final WeChatTestBed bed = new WeChatTestBed(MessageMode.SAFE);

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void aPlatformTagBecomesAWeChatTagAndAPersonalisedMenuForIt() {
        Person li = bed.follower("Li Lei");
        bed.follower("Han Meimei");
        String liCustomer = bed.host.services().customerOf(WeChatTestBed.TENANT,
                bed.events("wechat.subscribe").getFirst().id()).orElseThrow();
        String hanCustomer = bed.host.services().customerOf(WeChatTestBed.TENANT,
                bed.events("wechat.subscribe").get(1).id()).orElseThrow();
        bed.host.call(bed.plugin, WeChatTestBed.TENANT, "operation", "syncTag",
                (io.quanyu.plugin.sdk.operation.Operation op, io.quanyu.plugin.sdk.PluginContext context) -> {
                    context.customers().tag(liCustomer, "vip", true);
                    return true;
                });

        Map<String, Object> synced = bed.host.operation(bed.plugin, WeChatTestBed.TENANT, "syncTag", Map.of(
                "appId", WeChatTestBed.APP_ID, "tag", "vip", "customerIds", List.of(liCustomer, hanCustomer)));
        Map<String, Object> again = bed.host.operation(bed.plugin, WeChatTestBed.TENANT, "syncTag", Map.of(
                "appId", WeChatTestBed.APP_ID, "tag", "vip", "customerIds", List.of(liCustomer)));

        assertThat(synced).containsEntry("tagged", 1L).containsEntry("skipped", 1L);
        assertThat(again.get("tagId")).as("the tag is found, not made twice").isEqualTo(synced.get("tagId"));
        assertThat(bed.account.follower(li).tagIds()).contains(((Number) synced.get("tagId")).longValue());

        bed.host.operation(bed.plugin, WeChatTestBed.TENANT, "setMenu", Map.of("appId", WeChatTestBed.APP_ID,
                "buttons", List.of(Map.of("type", "click", "name", "今日歌曲", "key", "V1001_TODAY_MUSIC"))));
        Map<String, Object> personal = bed.host.operation(bed.plugin, WeChatTestBed.TENANT, "setMenu", Map.of(
                "appId", WeChatTestBed.APP_ID, "tagId", synced.get("tagId"), "buttons", List.of(Map.of("type", "view",
                        "name", "会员专区", "url", "https://m.acme.com/vip"))));

        assertThat(personal).containsEntry("personalised", true).containsKey("menuId");
    }

    @Test
    void aMenuWeChatRefusesIsRefusedWithItsErrcode() {
        assertThatThrownBy(() -> bed.host.operation(bed.plugin, WeChatTestBed.TENANT, "setMenu", Map.of("appId",
                WeChatTestBed.APP_ID, "buttons", List.of(Map.of("type", "click", "name", "这个按钮的名字实在是太长了超过了限制",
                        "key", "K")))))
                .isInstanceOfSatisfying(PluginCallException.class, e -> assertThat(e.getMessage()).contains("400"));
    }
}
