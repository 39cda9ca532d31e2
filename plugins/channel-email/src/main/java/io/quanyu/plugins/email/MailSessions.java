package io.quanyu.plugins.email;

import io.quanyu.plugin.sdk.PluginContext;
import jakarta.mail.Session;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * Jakarta Mail sessions whose every connection goes through the platform's checked sockets
 * ({@code context.http().sockets()}), so the manifest's egress and the block on private addresses apply to SMTP and
 * IMAP as to HTTP, and whose timeouts end before the call's deadline. TLS is layered by Angus Mail over the checked,
 * connected socket (with the server's name checked); falling back to an unchecked socket is switched off.
 */
final class MailSessions {
    /** Left for answering after the last read gives up. */
    private static final Duration MARGIN = Duration.ofMillis(500);
    private static final Duration SHORTEST = Duration.ofSeconds(1);

    private MailSessions() {
    }

    /** A session for sending through {@code server}, greeting it as {@code heloName}, from {@code envelopeFrom}. */
    static Session smtp(PluginContext context, MailServer server, String heloName, String envelopeFrom) {
        Properties props = connection("mail.smtp", context, server);
        props.put("mail.smtp.auth", String.valueOf(server.logsIn()));
        props.put("mail.smtp.localhost", heloName);
        props.put("mail.smtp.from", envelopeFrom);
        return Session.getInstance(props);
    }

    /** A session for reading the mailbox on {@code server}. */
    static Session imap(PluginContext context, MailServer server) {
        return Session.getInstance(connection("mail.imap", context, server));
    }

    private static Properties connection(String prefix, PluginContext context, MailServer server) {
        Properties props = new Properties();
        props.put(prefix + ".socketFactory", context.http().sockets());
        props.put(prefix + ".socketFactory.fallback", "false");
        props.put(prefix + ".ssl.enable", String.valueOf(server.security() == Security.TLS));
        props.put(prefix + ".starttls.enable", String.valueOf(server.security() == Security.STARTTLS));
        props.put(prefix + ".starttls.required", String.valueOf(server.security() == Security.STARTTLS));
        props.put(prefix + ".ssl.checkserveridentity", "true");
        String timeout = String.valueOf(timeLeft(context.deadline()).toMillis());
        props.put(prefix + ".connectiontimeout", timeout);
        props.put(prefix + ".timeout", timeout);
        return props;
    }

    private static Duration timeLeft(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline).minus(MARGIN);
        return left.compareTo(SHORTEST) < 0 ? SHORTEST : left;
    }
}
