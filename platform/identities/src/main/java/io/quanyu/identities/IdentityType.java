package io.quanyu.identities;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A kind of key a customer is known by. {@code scoped} types are unique only within a scope (an openid within a
 * WeChat app id, a buyer id within a shop). {@code autoMerge} types are trusted enough that two profiles meeting
 * through one are merged at once; others only raise a merge suggestion. {@code priority}: lower wins when an event's
 * identities point at profiles that may not be merged (the event goes to the profile of the highest-priority one).
 */
public record IdentityType(String type, boolean scoped, boolean autoMerge, int priority, Normalisation normalisation) {

    /** How values are made comparable before they are stored or looked up. */
    public enum Normalisation { TRIM, LOWER_CASE, E164 }

    /** The platform's identity types; tenants change {@code autoMerge} and add their own in their settings. */
    public static final List<IdentityType> STANDARD = List.of(
            new IdentityType("member_no", false, true, 10, Normalisation.TRIM),
            new IdentityType("phone", false, true, 20, Normalisation.E164),
            new IdentityType("wechat_unionid", false, true, 30, Normalisation.TRIM),
            new IdentityType("wecom_external_userid", false, true, 40, Normalisation.TRIM),
            new IdentityType("email", false, false, 50, Normalisation.LOWER_CASE),
            new IdentityType("wechat_openid", true, false, 60, Normalisation.TRIM),
            new IdentityType("buyer_id", true, false, 70, Normalisation.TRIM),
            new IdentityType("device_id", false, false, 80, Normalisation.TRIM));

    /** The standard type named {@code type}, if it is one. */
    public static java.util.Optional<IdentityType> standard(String type) {
        return STANDARD.stream().filter(t -> t.type().equals(type)).findFirst();
    }

    /** The stored form of {@code raw}; {@code IDENTITY_INVALID} when it cannot be one. */
    public String normalise(String raw) {
        String value = raw == null ? "" : raw.strip();
        if (value.isEmpty() || value.length() > 256) {
            throw invalid(raw, "it must have 1 to 256 characters");
        }
        return switch (normalisation) {
            case TRIM -> value;
            case LOWER_CASE -> email(value);
            case E164 -> e164(value);
        };
    }

    private String email(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (!lower.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw invalid(value, "it is not an e-mail address");
        }
        return lower;
    }

    private String e164(String value) {
        return Phones.e164(value).orElseThrow(() -> invalid(value, "it is not a valid phone number"));
    }

    private QuanyuException invalid(String value, String reason) {
        return new QuanyuException(ErrorCode.IDENTITY_INVALID, Map.of("type", type, "value", String.valueOf(value),
                "reason", reason));
    }
}
