package io.quanyu.plugins.wechat;

import io.quanyu.fakes.wechat.MessageMode;
import io.quanyu.fakes.wechat.Person;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.event.TagsChange;
import io.quanyu.plugin.sdk.operation.Operation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Customer tags and follower tags in step both ways ({@code syncedTags}): the platform's changes reach WeChat by the
 * {@code tagsToWeChat} subscription, WeChat's console's reach the platform by the {@code tagsFromWeChat} job, and
 * neither side's change comes back as an echo.
 */
class TagSyncTest {
    private final WeChatTestBed bed = new WeChatTestBed(MessageMode.SAFE);
    private Person li;
    private Person han;
    private String liCustomer;
    private String hanCustomer;
    private int changes;

    @AfterEach
    void close() {
        bed.close();
    }

    @BeforeEach
    void followers() {
        li = bed.follower("Li Lei");
        han = bed.follower("Han Meimei");
        liCustomer = bed.host.services().customerOf(WeChatTestBed.TENANT, bed.events("wechat.subscribe").getFirst().id()).orElseThrow();
        hanCustomer = bed.host.services().customerOf(WeChatTestBed.TENANT, bed.events("wechat.subscribe").get(1).id()).orElseThrow();
        Map<String, Object> settings = new HashMap<>(Map.of("appId", WeChatTestBed.APP_ID, "appSecret", WeChatTestBed.SECRET,
                "token", WeChatTestBed.TOKEN, "encodingAesKey", WeChatTestBed.AES_KEY, "mode", "safe",
                "apiBaseUrl", bed.fake.baseUrl(), "syncedTags", List.of("vip")));
        bed.host.services().settings(WeChatTestBed.TENANT, WeChatPluginZip.PLUGIN_ID, settings);
    }

    @Test
    void aPlatformTagChangeReachesTheFollowerAndOnlyForSyncedTagsNotMadeByThePluginItself() {
        tag(liCustomer, "vip", true);
        deliver(change(liCustomer, List.of("vip", "lead"), List.of(), Map.of("vip", "manual", "lead", "manual")),
                change(hanCustomer, List.of("vip"), List.of(), Map.of("vip", "plugin:channel-wechat")));

        assertThat(weChatTags(li)).containsExactly("vip");
        assertThat(weChatTags(han)).as("the plugin's own change is not sent back").isEmpty();
        assertThat(bed.account.tagNames().values()).as("an unsynced tag stays on the platform").doesNotContain("lead");

        deliver(change(liCustomer, List.of(), List.of("vip"), Map.of("vip", "rule:big_spender")));

        assertThat(weChatTags(li)).isEmpty();
    }

    @Test
    void theConsolesChangesReachTheCustomersAtTheNextPullAndThePlatformsPushesAreNotTakenForThem() {
        tag(liCustomer, "vip", true);
        deliver(change(liCustomer, List.of("vip"), List.of(), Map.of("vip", "manual")));
        assertThat(pull().summary()).as("the platform's push is no WeChat change").contains("vip@" + WeChatTestBed.APP_ID
                + ": 0 tagged, 0 untagged");
        assertThat(platformTags(liCustomer)).containsExactly("vip");

        bed.account.consoleTag(han, "vip", true);
        bed.account.consoleTag(li, "vip", false);
        Person wei = bed.fake.addPerson("Wei Hua");
        bed.fake.actAs(WeChatTestBed.APP_ID, wei).follow();
        bed.account.consoleTag(wei, "vip", true);

        assertThat(pull().summary()).contains("1 tagged, 1 untagged, 1 followers without a customer");
        assertThat(platformTags(hanCustomer)).containsExactly("vip");
        assertThat(platformTags(liCustomer)).isEmpty();
        assertThat(pull().summary()).as("nothing changed since").contains("0 tagged, 0 untagged");

        tag(hanCustomer, "vip", false);
        deliver(change(hanCustomer, List.of(), List.of("vip"), Map.of("vip", "manual")));
        assertThat(weChatTags(han)).isEmpty();
        assertThat(pull().summary()).as("the platform's removal is not undone").contains("0 tagged, 0 untagged");
        assertThat(platformTags(hanCustomer)).isEmpty();

        bed.account.consoleTag(han, "vip", true);
        assertThat(bed.host.operation(bed.plugin, WeChatTestBed.TENANT, "pullTags", Map.of()).get("summary").toString())
                .as("a later console change wins again, pulled at once").contains("1 tagged, 0 untagged");
        assertThat(platformTags(hanCustomer)).containsExactly("vip");
    }

    @Test
    void aPullBetweenAPlatformChangeAndItsPushDoesNotUndoIt() {
        pull();
        tag(liCustomer, "vip", true);
        deliver(change(liCustomer, List.of("vip"), List.of(), Map.of("vip", "manual")));
        tag(liCustomer, "vip", false);
        bed.account.setQuota("/cgi-bin/tags/members/batchuntagging", 0);
        assertThatThrownBy(() -> deliver(change(liCustomer, List.of(), List.of("vip"), Map.of("vip", "manual"))))
                .as("the push fails (45009) and will come again").isInstanceOf(io.quanyu.plugin.sdk.PluginCallException.class);
        assertThat(weChatTags(li)).containsExactly("vip");

        assertThat(pull().summary()).as("WeChat still lists Li, but the platform's removal is on its way")
                .contains("0 tagged, 0 untagged");
        assertThat(platformTags(liCustomer)).isEmpty();

        bed.account.setQuota("/cgi-bin/tags/members/batchuntagging", 1000);
        deliver(change(liCustomer, List.of(), List.of("vip"), Map.of("vip", "manual")));
        assertThat(weChatTags(li)).isEmpty();
        assertThat(pull().summary()).contains("0 tagged, 0 untagged");
        assertThat(platformTags(liCustomer)).isEmpty();
    }

    @Test
    void aFollowerWeChatRefusesAloneDoesNotHoldUpTheOthers() {
        Person wei = bed.follower("Wei Hua");
        String weiCustomer = bed.host.services().customerOf(WeChatTestBed.TENANT,
                bed.events("wechat.subscribe").get(2).id()).orElseThrow();
        for (int i = 0; i < 20; i++) {
            bed.account.consoleTag(wei, "t" + i, true);
        }

        deliver(change(liCustomer, List.of("vip"), List.of(), Map.of("vip", "manual")),
                change(weiCustomer, List.of("vip"), List.of(), Map.of("vip", "manual")));

        assertThat(weChatTags(li)).containsExactly("vip");
        assertThat(weChatTags(wei)).as("20 tags already (45059)").doesNotContain("vip");
    }

    private io.quanyu.plugin.sdk.event.ReceivedEvent change(String customer, List<String> added, List<String> removed,
                                                             Map<String, String> sources) {
        return new TagsChange(customer, added, removed, sources).toEvent("tc-" + ++changes, Instant.now());
    }

    private void deliver(io.quanyu.plugin.sdk.event.ReceivedEvent... events) {
        bed.host.deliver(bed.plugin, WeChatTestBed.TENANT, TagsToWeChat.NAME, List.of(events));
    }

    private io.quanyu.plugin.sdk.job.JobResult pull() {
        io.quanyu.plugin.sdk.job.JobResult result = bed.host.job(bed.plugin, WeChatTestBed.TENANT, TagsFromWeChat.NAME);
        assertThat(result.failure()).isNull();
        return result;
    }

    private void tag(String customer, String tag, boolean add) {
        bed.host.call(bed.plugin, WeChatTestBed.TENANT, "operation", "syncTag", (Operation op, PluginContext context) -> {
            context.customers().tag(customer, tag, add);
            return true;
        });
    }

    private List<String> platformTags(String customer) {
        return bed.host.services().profile(WeChatTestBed.TENANT, customer).orElseThrow().tags();
    }

    private List<String> weChatTags(Person person) {
        Map<Long, String> names = bed.account.tagNames();
        return bed.account.follower(person).tagIds().stream().map(names::get).toList();
    }
}
