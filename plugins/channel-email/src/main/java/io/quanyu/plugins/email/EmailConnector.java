package io.quanyu.plugins.email;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.channel.ChannelConnector;
import io.quanyu.plugin.sdk.channel.MessageRequest;
import io.quanyu.plugin.sdk.channel.SendResult;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.pf4j.Extension;

import java.io.UnsupportedEncodingException;
import java.util.Optional;

/**
 * The {@code email} channel: sends one message to a customer's e-mail address over the tenant's SMTP server, at most
 * once per send id ({@link SendLedger}), with tracked links, an open pixel and one-click unsubscribe
 * ({@link EmailComposer}), and bounces returning to a per-send envelope sender ({@link SendIds}). Refusals are
 * answered with stable codes: {@code EMAIL_NO_ADDRESS} (not an e-mail identity, or not an address),
 * {@code EMAIL_NOT_CONFIGURED}, {@code EMAIL_EMPTY} (neither text nor HTML), and {@link SmtpSender}'s.
 */
@Extension
public class EmailConnector implements ChannelConnector {
    static final String CHANNEL = "email";

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public SendResult send(MessageRequest request) {
        if (!"email".equals(request.recipient().identityType())) {
            return SendResult.failed("EMAIL_NO_ADDRESS", "the e-mail channel reaches e-mail addresses, not "
                    + request.recipient().identityType() + " identities", false);
        }
        InternetAddress to;
        try {
            to = new InternetAddress(request.recipient().identity(), true);
        } catch (AddressException e) {
            return SendResult.failed("EMAIL_NO_ADDRESS", "not an e-mail address: " + e.getMessage(), false);
        }
        PluginContext context = request.context();
        Optional<EmailSettings> settings = EmailSettings.of(context.settings());
        if (settings.isEmpty()) {
            return SendResult.failed("EMAIL_NOT_CONFIGURED", "set the SMTP server and the sender address in the "
                    + "plugin's settings", false);
        }
        if (!EmailComposer.hasBody(request.message())) {
            return SendResult.failed("EMAIL_EMPTY", "the message has neither text nor HTML", false);
        }
        SendLedger ledger = new SendLedger(context.store());
        return ledger.earlier(request.sendId()).orElseGet(() -> sendOnce(request, settings.get(), to, ledger));
    }

    private static SendResult sendOnce(MessageRequest request, EmailSettings settings, InternetAddress to,
                                       SendLedger ledger) {
        PluginContext context = request.context();
        String sendId = request.sendId();
        String envelopeFrom = settings.bounceAddress() == null ? settings.fromAddress()
                : SendIds.envelopeSender(settings.bounceAddress(), sendId);
        Session session = MailSessions.smtp(context, settings.smtp(), settings.fromDomain(), envelopeFrom);
        MimeMessage message;
        String messageId;
        try {
            message = EmailComposer.compose(session, settings, to, request.message(), sendId,
                    TrackingLinks.forSending(context));
            messageId = message.getMessageID();
        } catch (MessagingException | UnsupportedEncodingException e) {
            return SendResult.failed("EMAIL_NOT_CONFIGURED", "the sender or reply-to address in the settings is "
                    + "not valid: " + e.getMessage(), false);
        }
        boolean[] claimed = {false};
        SmtpSender.Attempt attempt = SmtpSender.send(message, messageId, settings.smtp(), new SmtpSender.Moments(
                () -> claimed[0] = ledger.claim(sendId, messageId), () -> ledger.sent(sendId, messageId)));
        if (!claimed[0]) {
            return attempt.result() == SmtpSender.TAKEN ? ledger.earlier(sendId).orElse(SmtpSender.TAKEN) : attempt.result();
        }
        if (!attempt.result().isSent() && !attempt.maybeSent()) {
            ledger.release(sendId);
        }
        return attempt.result();
    }
}
