package io.quanyu.plugins.email;

import java.util.HexFormat;
import java.util.Locale;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a send id is written in the mail itself, so that replies, bounces and complaints lead back to the send: the
 * {@code Message-ID} ({@code <sendId@sender's domain>}) and the envelope sender, the bounce address with the send id
 * after a {@code +} (VERP: {@code bounces+snd_1f2e@example.com}), which every bounce is addressed to.
 */
final class SendIds {
    /** A dot-atom, which an address's local part and a Message-ID's left part may be without quoting. */
    private static final Pattern ATOM = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final int MAX_LOCAL_PART = 64;

    private SendIds() {
    }

    /** The message's {@code Message-ID}, the same for every attempt of the send. */
    static String messageId(String sendId, String domain) {
        String left = ATOM.matcher(sendId).matches() ? sendId
                : "x" + HexFormat.of().formatHex(sendId.getBytes(StandardCharsets.UTF_8));
        return "<" + left + "@" + domain + ">";
    }

    /**
     * The envelope sender for a send: the bounce address with the send id, or the bounce address alone when the
     * send id could not be part of an address.
     */
    static String envelopeSender(String bounceAddress, String sendId) {
        int at = bounceAddress.lastIndexOf('@');
        String local = bounceAddress.substring(0, at) + "+" + sendId;
        return ATOM.matcher(sendId).matches() && local.length() <= MAX_LOCAL_PART
                ? local + bounceAddress.substring(at) : bounceAddress;
    }

    /** The send id in {@code address} when it is a VERP form of {@code bounceAddress} (case aside). */
    static Optional<String> fromEnvelope(String address, String bounceAddress) {
        int at = bounceAddress.lastIndexOf('@');
        String prefix = bounceAddress.substring(0, at).toLowerCase(Locale.ROOT) + "+";
        String suffix = bounceAddress.substring(at).toLowerCase(Locale.ROOT);
        String lower = address.strip().toLowerCase(Locale.ROOT);
        if (!lower.startsWith(prefix) || !lower.endsWith(suffix)
                || lower.length() <= prefix.length() + suffix.length()) {
            return Optional.empty();
        }
        String sendId = address.strip().substring(prefix.length(), address.strip().length() - suffix.length());
        return ATOM.matcher(sendId).matches() ? Optional.of(sendId) : Optional.empty();
    }
}
