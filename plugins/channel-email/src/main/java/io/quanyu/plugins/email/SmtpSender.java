package io.quanyu.plugins.email;

import io.quanyu.plugin.sdk.channel.SendResult;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

import java.net.SocketException;

/**
 * One SMTP transaction, and what its failures mean for the platform: a server that refuses the message with a 5xx
 * reply ({@code EMAIL_REJECTED}, permanent) or a 4xx reply ({@code EMAIL_UNAVAILABLE}, try later), a server that
 * cannot be reached ({@code EMAIL_UNAVAILABLE}), a server the manifest's egress does not allow
 * ({@code EMAIL_HOST_REFUSED}), credentials it refuses ({@code EMAIL_AUTH_FAILED}), and a transaction cut off
 * before the server answered its end ({@code EMAIL_SEND_IN_DOUBT}: the server may have the message).
 */
final class SmtpSender {

    /**
     * What an attempt came to.
     *
     * @param result    the answer for the platform
     * @param maybeSent whether the server may have taken the message (it did, or the transaction was cut off)
     */
    record Attempt(SendResult result, boolean maybeSent) {
    }

    private SmtpSender() {
    }

    /**
     * What the send tells its caller at the two moments that matter for sending once: {@code claim} once connected,
     * right before the transaction (false: another attempt has the send, nothing is sent), and {@code accepted} as
     * soon as the server took the message, before the session ends. The window in which a crash leaves the send in
     * doubt is thus only the SMTP transaction itself.
     */
    record Moments(java.util.function.BooleanSupplier claim, Runnable accepted) {
    }

    /** The answer when {@link Moments#claim} found the send taken by another attempt. */
    static final SendResult TAKEN = SendResult.failed("EMAIL_UNAVAILABLE", "another attempt of this send was under way", true);

    /** Sends {@code message}, whose Message-ID is {@code messageId}, through {@code server}. */
    static Attempt send(MimeMessage message, String messageId, MailServer server, Moments moments) {
        Transport transport;
        try {
            transport = message.getSession().getTransport("smtp");
            transport.connect(server.host(), server.port(), server.username(), server.password());
        } catch (MessagingException e) {
            return new Attempt(unreachable(e, server), false);
        }
        try {
            if (!moments.claim().getAsBoolean()) {
                return new Attempt(TAKEN, false);
            }
            try {
                transport.sendMessage(message, message.getAllRecipients());
            } catch (MessagingException e) {
                return refused(e);
            }
            moments.accepted().run();
        } finally {
            quit(transport);
        }
        return new Attempt(SendResult.sent(messageId), true);
    }

    /** Ends the session; the message's fate is already known, so a failing QUIT changes nothing. */
    private static void quit(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException ignored) {
            // the connection is gone either way
        }
    }

    private static SendResult unreachable(MessagingException e, MailServer server) {
        if (e instanceof AuthenticationFailedException) {
            return SendResult.failed("EMAIL_AUTH_FAILED", server.host() + " refused the user name and password in the "
                    + "settings: " + e.getMessage(), false);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketException && t.getMessage() != null && t.getMessage().startsWith("EGRESS_")) {
                return SendResult.failed("EMAIL_HOST_REFUSED", "the platform does not let the plugin reach "
                        + server.host() + ":" + server.port() + " (" + t.getMessage() + ")", false);
            }
        }
        return SendResult.failed("EMAIL_UNAVAILABLE", "cannot reach the SMTP server " + server.host() + ":"
                + server.port() + ": " + e.getMessage(), true);
    }

    /** A failure after the connection was made: a reply code means the server certainly did not take it. */
    private static Attempt refused(MessagingException e) {
        for (Exception t = e; t != null; t = t instanceof MessagingException m ? m.getNextException() : null) {
            int code = replyCode(t);
            if (code >= 500) {
                return new Attempt(SendResult.failed("EMAIL_REJECTED", "the SMTP server refused the message: "
                        + t.getMessage().strip(), false), false);
            }
            if (code >= 400) {
                return new Attempt(SendResult.failed("EMAIL_UNAVAILABLE", "the SMTP server cannot take the message "
                        + "now: " + t.getMessage().strip(), true), false);
            }
        }
        return new Attempt(SendResult.failed("EMAIL_SEND_IN_DOUBT", "the SMTP transaction was cut off before the "
                + "server answered, so it may have taken the message; it is not sent again: " + e.getMessage(),
                false), true);
    }

    private static int replyCode(Exception e) {
        return switch (e) {
            case SMTPAddressFailedException a -> a.getReturnCode();
            case SMTPSenderFailedException s -> s.getReturnCode();
            case SMTPSendFailedException s -> s.getReturnCode();
            default -> -1;
        };
    }
}
