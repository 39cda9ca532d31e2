package io.quanyu.plugin.pkg;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseSignaturesTest {
    private static final byte[] DATA = "the zip".getBytes(StandardCharsets.UTF_8);
    private final ReleaseSignatures signatures = new ReleaseSignatures();

    static KeyPair keys(String algorithm, int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (bits > 0) {
            generator.initialize(bits);
        }
        return generator.generateKeyPair();
    }

    static byte[] sign(PrivateKey key, byte[] data) throws Exception {
        Signature signer = Signature.getInstance(key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "Ed25519");
        signer.initSign(key);
        signer.update(data);
        return signer.sign();
    }

    @Test
    void readsAnEd25519KeyAsPemAndAsBareBase64AndVerifies() throws Exception {
        KeyPair pair = keys("Ed25519", 0);
        var fromPem = signatures.publicKey(ReleaseSignatures.pem(pair.getPublic()));
        var fromBase64 = signatures.publicKey(Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
        assertThat(fromPem.getEncoded()).isEqualTo(pair.getPublic().getEncoded()).isEqualTo(fromBase64.getEncoded());
        byte[] signature = sign(pair.getPrivate(), DATA);
        assertThat(signatures.verifies(fromPem, DATA, signature)).isTrue();
        assertThat(signatures.verifies(fromPem, "other".getBytes(), signature)).isFalse();
        assertThat(ReleaseSignatures.algorithm(fromPem)).isEqualTo("Ed25519");
        assertThat(ReleaseSignatures.keyId(fromPem)).hasSize(16).isEqualTo(ReleaseSignatures.keyId(pair.getPublic()));
    }

    @Test
    void readsAnRsaKeyAndVerifiesSha256WithRsa() throws Exception {
        KeyPair pair = keys("RSA", 2048);
        var key = signatures.publicKey(ReleaseSignatures.pem(pair.getPublic()));
        assertThat(signatures.verifies(key, DATA, sign(pair.getPrivate(), DATA))).isTrue();
        assertThat(signatures.verifies(key, DATA, new byte[256])).isFalse();
        assertThat(signatures.verifies(key, DATA, new byte[3])).isFalse();
    }

    @Test
    void refusesWeakRsaKeysOtherAlgorithmsAndGarbage() throws Exception {
        String weak = ReleaseSignatures.pem(keys("RSA", 1024).getPublic());
        String ec = ReleaseSignatures.pem(keys("EC", 256).getPublic());
        for (String pem : new String[]{weak, ec, "garbage!", "", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"}) {
            assertThatThrownBy(() -> signatures.publicKey(pem)).isInstanceOfSatisfying(QuanyuException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_PUBLISHER_KEY_INVALID));
        }
        assertThatThrownBy(() -> signatures.publicKey(weak)).hasMessageContaining("2048");
    }

    @Test
    void computesSha512AsLowerCaseHex() {
        assertThat(ReleaseSignatures.sha512("abc".getBytes(StandardCharsets.US_ASCII)))
                .startsWith("ddaf35a193617aba").endsWith("a54ca49f").hasSize(128);
    }
}
