package io.quanyu.plugins.email;

import java.util.Locale;

/** How a connection to a mail server is protected, as the settings name it; each has its protocols' usual ports. */
enum Security {
    /** Plain text, for a relay inside the tenant's own network. */
    NONE(25, 143),
    /** Plain text upgraded with STARTTLS before anything is said; refused when the server does not offer it. */
    STARTTLS(587, 143),
    /** TLS from the first byte (SMTPS, IMAPS). */
    TLS(465, 993);

    private final int smtpPort;
    private final int imapPort;

    Security(int smtpPort, int imapPort) {
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
    }

    /** The setting's value ({@code none}, {@code starttls}, {@code tls}), or {@code fallback} when it is unset. */
    static Security parse(String value, Security fallback) {
        return value == null || value.isBlank() ? fallback : valueOf(value.strip().toUpperCase(Locale.ROOT));
    }

    int smtpPort() {
        return smtpPort;
    }

    int imapPort() {
        return imapPort;
    }
}
