package io.quanyu.graphql;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class GlobalIdTest {

    @Test
    void encodesObjectAndIdAsUnpaddedBase64UrlAndReadsItBack() {
        GlobalId id = new GlobalId("memberCard", "6f1c:a/b+c");
        assertThat(id.encode()).doesNotContain("=", "+", "/")
                .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString("memberCard:6f1c:a/b+c".getBytes(StandardCharsets.UTF_8)));
        assertThat(GlobalId.decode(id.encode())).contains(id);
        assertThat(new GlobalId("customer", "6f1c").encode()).isNotEqualTo(new GlobalId("order", "6f1c").encode());
    }

    @Test
    void textThatIsNoCanonicalGlobalIdIsNone() {
        String padded = Base64.getUrlEncoder().encodeToString("customer:ab".getBytes(StandardCharsets.UTF_8));
        assertThat(padded).endsWith("=");
        assertThat(GlobalId.decode(padded)).isEmpty();
        assertThat(GlobalId.decode("65f0c2a1b2c3d4e5f6a7b8c9")).as("a raw _id").isEmpty();
        assertThat(GlobalId.decode("not base64!")).isEmpty();
        assertThat(GlobalId.decode(encode("Customer:ab"))).as("api names start lower case").isEmpty();
        assertThat(GlobalId.decode(encode("customer:"))).as("no record id").isEmpty();
        assertThat(GlobalId.decode(Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[]{'a', ':', (byte) 0xC3})))
                .as("not UTF-8").isEmpty();
        assertThat(GlobalId.decode("")).isEmpty();
        assertThat(GlobalId.decode(null)).isEmpty();
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
