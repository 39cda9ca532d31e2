package io.quanyu.plugins.coupons;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Coupon codes: the template's prefix, then random characters from an alphabet without the look-alikes 0, O, 1 and
 * I (32 characters, so a code of {@code n} characters is one of 32<sup>n</sup>). A code is unique per tenant (the
 * coupon object's {@code code} is a unique field); a template's stock may fill at most one hundredth of its key space
 * ({@link Templates#CODE_SPACE_MARGIN}), so a fresh random code is taken at the first try almost always.
 */
final class Codes {
    static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Codes() {
    }

    /** How many codes {@code length} random characters make. */
    static BigInteger space(int length) {
        return BigInteger.valueOf(ALPHABET.length()).pow(length);
    }

    /** A fresh code: {@code prefix} and {@code length} random characters. */
    static String next(String prefix, int length) {
        StringBuilder code = new StringBuilder(prefix);
        for (int i = 0; i < length; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }
}
