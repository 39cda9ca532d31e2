package io.quanyu.plugins.email;

import io.quanyu.plugin.sdk.Settings;
import org.jspecify.annotations.Nullable;

import java.util.Optional;

/**
 * The tenant's settings of the plugin, read once per call: where to send, who sends, and where bounces return to.
 *
 * @param smtp          the SMTP server
 * @param fromAddress   the sender's address
 * @param fromName      the sender's display name, or null
 * @param replyTo       where replies go, or null for the sender
 * @param bounceAddress the envelope sender bounces return to (with the send id, VERP), or null for the sender
 * @param bounceMailbox the IMAP mailbox of {@code bounceAddress}, or null when bounces are not read
 */
record EmailSettings(MailServer smtp, String fromAddress, @Nullable String fromName, @Nullable String replyTo,
                     @Nullable String bounceAddress, @Nullable MailServer bounceMailbox) {

    /** The settings, or empty when the tenant has not set the SMTP server and the sender yet. */
    static Optional<EmailSettings> of(Settings settings) {
        String host = text(settings, "host");
        String from = text(settings, "fromAddress");
        if (host == null || from == null) {
            return Optional.empty();
        }
        Security security = Security.parse(text(settings, "security"), Security.STARTTLS);
        MailServer smtp = new MailServer(host, port(settings, "port", security.smtpPort()), security,
                text(settings, "username"), text(settings, "password"));
        return Optional.of(new EmailSettings(smtp, from, text(settings, "fromName"), text(settings, "replyTo"),
                text(settings, "bounceAddress"), bounceMailbox(settings)));
    }

    private static @Nullable MailServer bounceMailbox(Settings settings) {
        String host = text(settings, "bounceHost");
        if (host == null || text(settings, "bounceAddress") == null) {
            return null;
        }
        Security security = Security.parse(text(settings, "bounceSecurity"), Security.TLS);
        return new MailServer(host, port(settings, "bouncePort", security.imapPort()), security,
                text(settings, "bounceUsername"), text(settings, "bouncePassword"));
    }

    /** The domain of the sender's address, which names the messages' ids and the SMTP greeting. */
    String fromDomain() {
        return fromAddress.substring(fromAddress.lastIndexOf('@') + 1);
    }

    private static @Nullable String text(Settings settings, String name) {
        return settings.text(name).map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
    }

    private static int port(Settings settings, String name, int fallback) {
        return settings.get(name).map(v -> ((Number) v).intValue()).orElse(fallback);
    }
}
