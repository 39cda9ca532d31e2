package io.quanyu.marketplace;

import java.time.Instant;

/**
 * A public key an ISV registered to sign its releases. A publisher may hold several (rotation); a revoked key no
 * longer verifies new releases.
 *
 * @param publisher the ISV's id
 * @param keyId     the first 16 hex digits of the SHA-256 of the key's DER encoding
 * @param algorithm {@code Ed25519} or {@code RSA}
 * @param pem       the key as PEM
 * @param createdAt when it was registered
 * @param revokedAt when it was revoked, {@code null} while it is active
 */
public record PublisherKey(String publisher, String keyId, String algorithm, String pem, Instant createdAt,
                           Instant revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
