package io.quanyu.plugins.email;

import org.jspecify.annotations.Nullable;

/**
 * A mail server the plugin logs in to (the tenant's SMTP server, its bounce mailbox's IMAP server).
 *
 * @param username null to send without logging in (a relay that trusts the sender's network)
 */
record MailServer(String host, int port, Security security, @Nullable String username, @Nullable String password) {

    boolean logsIn() {
        return username != null;
    }
}
