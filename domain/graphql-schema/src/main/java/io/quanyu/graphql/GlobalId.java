package io.quanyu.graphql;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A record's Relay global id: base64url without padding of {@code <object api name>:<record _id>}, so it is unique
 * across all object types of a tenant. Clients treat it as opaque; {@code _id} stays the record's id in its object.
 */
record GlobalId(String object, String id) {
    private static final Pattern SHAPE = Pattern.compile("([a-z][a-zA-Z0-9]{0,63}):(.+)", Pattern.DOTALL);
    private static final int MAX_LENGTH = 1_000;

    /** The id's text as clients see it. */
    String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((object + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The global id {@code text} stands for, or empty when it is not one (only the canonical encoding is). */
    static Optional<GlobalId> decode(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher parts = SHAPE.matcher(utf8(text).orElse(""));
        if (!parts.matches()) {
            return Optional.empty();
        }
        GlobalId decoded = new GlobalId(parts.group(1), parts.group(2));
        return decoded.encode().equals(text) ? Optional.of(decoded) : Optional.empty();
    }

    private static Optional<String> utf8(String base64) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(base64);
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
