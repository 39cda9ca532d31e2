package io.quanyu.ui.settings;

import java.security.SecureRandom;

/** Temporary passwords the admin hands on; the user must replace them at the first sign-in. */
final class Passwords {
    /** No 0/O, 1/l/I: easy to read aloud or copy by hand. */
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int LENGTH = 14;

    private Passwords() {
    }

    static String temporary() {
        StringBuilder password = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
