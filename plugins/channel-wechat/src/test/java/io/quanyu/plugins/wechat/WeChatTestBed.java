package io.quanyu.plugins.wechat;

import io.quanyu.fakes.wechat.AccountConfig;
import io.quanyu.fakes.wechat.MessageMode;
import io.quanyu.fakes.wechat.OfficialAccount;
import io.quanyu.fakes.wechat.Person;
import io.quanyu.fakes.wechat.WeChatFake;
import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.channel.Message;
import io.quanyu.plugin.sdk.channel.Recipient;
import io.quanyu.plugin.testkit.Installed;
import io.quanyu.plugin.testkit.TestHost;
import io.quanyu.plugin.testkit.WebhookServer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plugin on a test host that may reach 127.0.0.1, the WeChat fake with tenant {@code acme}'s official account
 * {@link #APP_ID} (in the mode asked for, one approved template), its callback URL the plugin's callback webhook
 * behind a {@link WebhookServer}, and acme's settings pointing the plugin at the fake.
 */
final class WeChatTestBed implements AutoCloseable {
    static final String TENANT = "acme";
    static final String APP_ID = "wx5a1b2c3d4e5f6a7b";
    static final String SECRET = "acme-app-secret";
    static final String TOKEN = "acmeToken2024";
    static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String TEMPLATE_ID = "ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY";

    final WeChatFake fake = WeChatFake.builder().callbackDeadline(Duration.ofSeconds(2)).start();
    final TestHost host = TestHost.allowingPrivate("127.0.0.1");
    final Installed plugin = host.install(WeChatPluginZip.release());
    final WebhookServer bridge = new WebhookServer(host, plugin, TENANT);
    final OfficialAccount account;

    WeChatTestBed(MessageMode mode) {
        account = fake.addAccount(new AccountConfig(APP_ID, SECRET, TOKEN, AES_KEY, mode,
                bridge.url(TENANT, CallbackWebhook.PATH + "/" + APP_ID), "gh_7f083739789a", List.of(TEMPLATE_ID)));
        host.services().settings(TENANT, WeChatPluginZip.PLUGIN_ID, new HashMap<>(Map.of("appId", APP_ID,
                "appSecret", SECRET, "token", TOKEN, "encodingAesKey", AES_KEY,
                "mode", mode.name().toLowerCase(java.util.Locale.ROOT), "apiBaseUrl", fake.baseUrl())));
    }

    /** A person who follows the account (the subscribe callback processed). */
    Person follower(String nickname) {
        Person person = fake.addPerson(nickname);
        fake.actAs(APP_ID, person).follow();
        runTasks();
        return person;
    }

    String openId(Person person) {
        return account.openId(person);
    }

    /** Runs the plugin's tasks due now, as the platform's scheduler would. */
    List<TestHost.TaskRun> runTasks() {
        host.services().clock().set(Instant.now());
        return host.runDueTasks();
    }

    /** The events tracked for acme, of one type. */
    List<Event> events(String type) {
        return host.services().emitted(TENANT).stream().filter(e -> e.type().equals(type)).toList();
    }

    /** The plugin's facts on the customer of an event. */
    @SuppressWarnings("unchecked")
    Map<String, Object> facts(Event event) {
        String customer = host.services().customerOf(TENANT, event.id()).orElseThrow();
        Map<?, ?> plugins = (Map<?, ?>) host.services().profile(TENANT, customer).orElseThrow().facts().get("plugins");
        return (Map<String, Object>) plugins.get(WeChatPluginZip.PLUGIN_ID);
    }

    TestHost.HandedSend send(String channel, String key, Person person, Message message) {
        return host.send(plugin, TENANT, channel, key, new Recipient("wechat_openid", APP_ID, openId(person), null),
                message);
    }

    static Identity openIdentity(String openId) {
        return Identity.scoped("wechat_openid", APP_ID, openId);
    }

    @Override
    public void close() {
        bridge.close();
        host.close();
        fake.close();
    }
}
