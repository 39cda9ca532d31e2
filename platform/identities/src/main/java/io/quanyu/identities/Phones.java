package io.quanyu.identities;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import java.util.Optional;

/**
 * Phone numbers as the platform stores and compares them: E.164 ({@code +8613800138000}). A number without a
 * country code is read as Chinese. Used by the {@code phone} field type and the {@code phone} identity type alike.
 */
public final class Phones {
    /** The region a number without a country code is read in. */
    public static final String DEFAULT_REGION = "CN";
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private Phones() {
    }

    /** {@code raw} in E.164, or empty when it is not a valid phone number. */
    public static Optional<String> e164(String raw) {
        try {
            var number = PHONES.parse(raw, DEFAULT_REGION);
            return PHONES.isValidNumber(number)
                    ? Optional.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
