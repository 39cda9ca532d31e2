package io.quanyu.plugins.email;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.jspecify.annotations.Nullable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one message of the bounce mailbox says about a send: a delivery-status notification (RFC 3464,
 * {@code multipart/report; report-type=delivery-status}) that failed permanently ({@code Action: failed},
 * {@code Status: 5.x.x}) is a bounce, one that did not (a {@code 4.x.x} delay, a success) a notice; an abuse report
 * (ARF, RFC 5965, {@code report-type=feedback-report}) is a complaint unless its type is {@code not-spam}. The send
 * is found from the VERP address the report was returned to, else from the original message's
 * {@code X-Quanyu-Send-Id} or envelope sender, which the report quotes.
 *
 * @param kind   what the message is
 * @param sendId the send it is about, or null when it names none of this plugin's
 * @param detail what it says (status, diagnostic, recipient; feedback type), for the report
 */
record Feedback(Kind kind, @Nullable String sendId, Map<String, String> detail) {
    /** The most of a report read: the parts that matter come first, the quoted original last. */
    private static final int MAX_REPORT_BYTES = 5 * 1024 * 1024;
    /** The most of a report part read. */
    private static final int MAX_PART_BYTES = 64 * 1024;
    private static final List<String> RETURNED_TO = List.of("Delivered-To", "X-Original-To", "Envelope-To", "To");

    enum Kind {
        /** Permanently undeliverable: reported {@code BOUNCED}, then deleted. */
        BOUNCE,
        /** Reported as spam: reported {@code COMPLAINED}, then deleted. */
        COMPLAINT,
        /** A report that changes nothing (a delay, a success, not spam): deleted unreported. */
        NOTICE,
        /** Not a report (a reply, an auto-reply): left for people. */
        NOT_A_REPORT
    }

    /** Reads {@code message}, a message sent to {@code bounceAddress}. */
    static Feedback of(MimeMessage message, String bounceAddress) throws MessagingException, IOException {
        if (!message.isMimeType("multipart/report")) {
            return new Feedback(Kind.NOT_A_REPORT, null, Map.of());
        }
        String reportType = Optional.ofNullable(new ContentType(message.getContentType()).getParameter("report-type"))
                .orElse("").toLowerCase(Locale.ROOT);
        MimeMultipart parts = parts(message);
        List<InternetHeaders> fields = new ArrayList<>();
        InternetHeaders original = null;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("message/delivery-status") || part.isMimeType("message/global-delivery-status")
                    || part.isMimeType("message/feedback-report")) {
                fields = fieldGroups(part.getInputStream());
            } else if (part.isMimeType("message/rfc822") || part.isMimeType("text/rfc822-headers")
                    || part.isMimeType("message/global") || part.isMimeType("message/global-headers")) {
                original = new InternetHeaders(part.getInputStream());
            }
        }
        String sendId = sendId(message, original, bounceAddress);
        return switch (reportType) {
            case "delivery-status" -> deliveryStatus(fields, sendId);
            case "feedback-report" -> feedback(fields, sendId);
            default -> new Feedback(Kind.NOT_A_REPORT, null, Map.of());
        };
    }

    /**
     * The report's parts, parsed here from its raw body (a report is never transfer-encoded as a whole) rather
     * than from the server's idea of its structure, which IMAP servers get wrong for nested messages.
     */
    private static MimeMultipart parts(MimeMessage message) throws MessagingException, IOException {
        try (InputStream raw = message.getRawInputStream()) {
            byte[] body = raw.readNBytes(MAX_REPORT_BYTES);
            return new MimeMultipart(new ByteArrayDataSource(body, message.getContentType()));
        }
    }

    /** A bounce when one recipient failed for good (the first group is about the message, the others recipients). */
    private static Feedback deliveryStatus(List<InternetHeaders> groups, @Nullable String sendId) {
        for (InternetHeaders recipient : groups.subList(Math.min(1, groups.size()), groups.size())) {
            String status = firstWord(recipient.getHeader("Status", null));
            if ("failed".equalsIgnoreCase(firstWord(recipient.getHeader("Action", null))) && status.startsWith("5.")) {
                Map<String, String> detail = new LinkedHashMap<>();
                detail.put("status", status);
                put(detail, "diagnostic", recipient.getHeader("Diagnostic-Code", null));
                put(detail, "recipient", afterType(recipient.getHeader("Final-Recipient", null)));
                return new Feedback(Kind.BOUNCE, sendId, detail);
            }
        }
        return new Feedback(Kind.NOTICE, sendId, Map.of());
    }

    private static Feedback feedback(List<InternetHeaders> groups, @Nullable String sendId) {
        String type = groups.isEmpty() ? "" : firstWord(groups.getFirst().getHeader("Feedback-Type", null))
                .toLowerCase(Locale.ROOT);
        if (type.equals("not-spam")) {
            return new Feedback(Kind.NOTICE, sendId, Map.of());
        }
        return new Feedback(Kind.COMPLAINT, sendId, Map.of("feedbackType", type.isEmpty() ? "abuse" : type));
    }

    private static @Nullable String sendId(MimeMessage message, @Nullable InternetHeaders original,
                                           String bounceAddress) throws MessagingException {
        for (String header : RETURNED_TO) {
            Optional<String> verp = verp(message.getHeader(header), bounceAddress);
            if (verp.isPresent()) {
                return verp.get();
            }
        }
        if (original == null) {
            return null;
        }
        String quoted = original.getHeader(EmailComposer.SEND_ID_HEADER, null);
        if (quoted != null && !quoted.isBlank()) {
            return quoted.strip();
        }
        return verp(original.getHeader("Return-Path"), bounceAddress).orElse(null);
    }

    private static Optional<String> verp(String @Nullable [] values, String bounceAddress) {
        if (values == null) {
            return Optional.empty();
        }
        for (String value : values) {
            try {
                for (Address address : InternetAddress.parseHeader(value, false)) {
                    Optional<String> sendId = SendIds.fromEnvelope(((InternetAddress) address).getAddress(),
                            bounceAddress);
                    if (sendId.isPresent()) {
                        return sendId;
                    }
                }
            } catch (AddressException notAnAddress) {
                // a header that names no address names no send either
            }
        }
        return Optional.empty();
    }

    /** The groups of fields of a report part, each ended by an empty line. */
    private static List<InternetHeaders> fieldGroups(InputStream in) throws IOException, MessagingException {
        String text = new String(in.readNBytes(MAX_PART_BYTES), StandardCharsets.UTF_8);
        List<InternetHeaders> groups = new ArrayList<>();
        for (String group : text.split("\\r?\\n[ \\t]*\\r?\\n")) {
            if (!group.isBlank()) {
                groups.add(new InternetHeaders(new ByteArrayInputStream((group.strip() + "\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8))));
            }
        }
        return groups;
    }

    private static String firstWord(@Nullable String value) {
        return value == null || value.isBlank() ? "" : value.strip().split("[\\s(]", 2)[0];
    }

    /** {@code rfc822; jane@example.com} without its address type. */
    private static @Nullable String afterType(@Nullable String value) {
        return value == null ? null : value.substring(value.indexOf(';') + 1).strip();
    }

    private static void put(Map<String, String> detail, String name, @Nullable String value) {
        if (value != null && !value.isBlank()) {
            detail.put(name, value.strip());
        }
    }
}
