package io.quanyu.plugins.email;

import com.icegreen.greenmail.base.GreenMailOperations;
import io.quanyu.plugin.sdk.channel.Message;
import io.quanyu.plugin.sdk.channel.Recipient;
import io.quanyu.plugin.sdk.job.JobResult;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import io.quanyu.plugin.testkit.InMemoryDeliveries;
import io.quanyu.plugin.testkit.Installed;
import io.quanyu.plugin.testkit.TestHost;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plugin installed on a test host that may reach 127.0.0.1, with the tenant {@code acme}'s settings pointing at
 * a GreenMail server: SMTP without encryption, and the bounce mailbox {@code bounces@example.com} over IMAP.
 */
final class EmailTestBed implements AutoCloseable {
    static final String TENANT = "acme";
    static final String BOUNCES = "bounces@example.com";
    static final String HOOKS = "http://localhost:8080/hooks/" + TENANT + "/" + EmailPluginZip.PLUGIN_ID + "/";

    final TestHost host = TestHost.allowingPrivate("127.0.0.1");
    final Installed plugin = host.install(EmailPluginZip.release());
    private final Map<String, Object> settings = new HashMap<>();

    EmailTestBed(GreenMailOperations mail) {
        mail.setUser(BOUNCES, "bounces", "secret");
        settings.putAll(Map.of("host", "127.0.0.1", "port", mail.getSmtp().getPort(), "security", "none",
                "fromAddress", "news@example.com", "fromName", "Acme 商城", "replyTo", "care@example.com",
                "bounceAddress", BOUNCES, "bounceHost", "127.0.0.1", "bouncePort", mail.getImap().getPort()));
        settings.putAll(Map.of("bounceSecurity", "none", "bounceUsername", "bounces", "bouncePassword", "secret"));
        host.services().settings(TENANT, EmailPluginZip.PLUGIN_ID, settings);
    }

    /** Changes some of the tenant's settings; a null value removes one. */
    void settings(Map<String, Object> changes) {
        changes.forEach((name, value) -> {
            if (value == null) {
                settings.remove(name);
            } else {
                settings.put(name, value);
            }
        });
        host.services().settings(TENANT, EmailPluginZip.PLUGIN_ID, settings);
    }

    TestHost.HandedSend send(String key, String address, Message message) {
        return host.send(plugin, TENANT, "email", key, new Recipient("email", null, address, null), message);
    }

    /** Calls a webhook at one of the plugin's public URLs. */
    WebhookResponse call(String method, String publicUrl, String body) {
        if (!publicUrl.startsWith(HOOKS)) {
            throw new IllegalArgumentException("not one of the plugin's URLs: " + publicUrl);
        }
        return host.webhook(plugin, TENANT, method, publicUrl.substring(HOOKS.length()), Map.of(),
                body.getBytes(StandardCharsets.UTF_8));
    }

    JobResult runBounces() {
        return host.job(plugin, TENANT, "bounces");
    }

    List<InMemoryDeliveries.Report> reports() {
        return host.services().deliveries().reports(TENANT);
    }

    @Override
    public void close() {
        host.close();
    }

    /** A message as the delivery service renders one: subject and HTML in {@code data}, the plain text apart. */
    static Message message(String text, String html) {
        return new Message(null, text, Map.of("subject", "春季促销 Spring sale", "html", html));
    }
}
