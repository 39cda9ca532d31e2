package io.quanyu.plugins.sms;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The platform's phone numbers in the form SendSms documents for {@code PhoneNumbers}: a Chinese mainland number as
 * its 11 digits without {@code +86}, any other number as its country code and number without {@code +} or
 * {@code 00} (Hong Kong's {@code +85212345678} is {@code 85212345678}). The platform stores E.164
 * ({@code +8613800138000}); anything else is not a number this channel can reach.
 */
final class PhoneNumbers {
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern MAINLAND_MOBILE = Pattern.compile("1[0-9]{10}");

    private PhoneNumbers() {
    }

    /** {@code e164} as SendSms takes it, or empty when it is not an E.164 number the provider can reach. */
    static Optional<String> forSendSms(String e164) {
        String number = e164.strip();
        if (!E164.matcher(number).matches()) {
            return Optional.empty();
        }
        if (number.startsWith("+86")) {
            String national = number.substring(3);
            return MAINLAND_MOBILE.matcher(national).matches() ? Optional.of(national) : Optional.empty();
        }
        return Optional.of(number.substring(1));
    }
}
