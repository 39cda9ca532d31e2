package io.quanyu.plugins.email;

import io.quanyu.plugin.sdk.channel.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.jspecify.annotations.Nullable;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/**
 * Turns the platform's rendered message into the MIME message the plugin sends: {@code data.subject}, the
 * {@code text} and {@code data.html} parts as {@code multipart/alternative} (one part when the other is missing), the
 * HTML tracked ({@link HtmlTracking}), a Message-ID derived from the send id, {@code X-Quanyu-Send-Id}, and the
 * one-click unsubscribe headers of RFC 8058 ({@code List-Unsubscribe} with the signed unsubscribe webhook,
 * {@code List-Unsubscribe-Post}).
 */
final class EmailComposer {
    static final String SEND_ID_HEADER = "X-Quanyu-Send-Id";
    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    private EmailComposer() {
    }

    /** Whether the message has anything to read. */
    static boolean hasBody(Message message) {
        return present(message.text()) || present(html(message));
    }

    static MimeMessage compose(Session session, EmailSettings settings, InternetAddress to, Message message,
                               String sendId, TrackingLinks links)
            throws MessagingException, UnsupportedEncodingException {
        MimeMessage mime = new IdentifiedMessage(session, SendIds.messageId(sendId, settings.fromDomain()));
        mime.setFrom(new InternetAddress(settings.fromAddress(), settings.fromName(), UTF_8));
        if (settings.replyTo() != null) {
            mime.setReplyTo(InternetAddress.parse(settings.replyTo(), true));
        }
        mime.setRecipient(jakarta.mail.Message.RecipientType.TO, to);
        Object subject = message.data().get("subject");
        mime.setSubject(subject == null ? "" : String.valueOf(subject), UTF_8);
        mime.setSentDate(new Date());
        mime.setHeader(SEND_ID_HEADER, sendId);
        mime.setHeader("List-Unsubscribe", "<" + links.unsubscribe(sendId) + ">");
        mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        String html = html(message);
        String trackedHtml = present(html)
                ? HtmlTracking.track(html, url -> links.click(sendId, url), links.openPixel(sendId)) : null;
        if (!present(message.text())) {
            mime.setText(trackedHtml, UTF_8, "html");
        } else if (trackedHtml == null) {
            mime.setText(message.text(), UTF_8, "plain");
        } else {
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(part(message.text(), "plain"));
            alternative.addBodyPart(part(trackedHtml, "html"));
            mime.setContent(alternative);
        }
        mime.saveChanges();
        return mime;
    }

    private static MimeBodyPart part(String text, String subtype) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(text, UTF_8, subtype);
        return part;
    }

    private static @Nullable String html(Message message) {
        Object html = message.data().get("html");
        return html == null ? null : String.valueOf(html);
    }

    private static boolean present(@Nullable String text) {
        return text != null && !text.isBlank();
    }

    /** A MIME message whose Message-ID is the one given, not a random one made when it is saved. */
    private static final class IdentifiedMessage extends MimeMessage {
        private final String messageId;

        IdentifiedMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
