package io.quanyu.identities;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentityTypeTest {

    @Test
    void phonesAreStoredInE164AndReadAsChineseWithoutACountryCode() {
        IdentityType phone = IdentityType.standard("phone").orElseThrow();

        assertThat(phone.normalise(" 138 0013 8000 ")).isEqualTo("+8613800138000");
        assertThat(phone.normalise("+44 20 7946 0958")).isEqualTo("+442079460958");
        assertThat(Phones.e164("12345")).isEmpty();
        assertThatThrownBy(() -> phone.normalise("12345")).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.IDENTITY_INVALID));
    }

    @Test
    void emailIsLowerCaseAndOtherTypesAreTrimmed() {
        assertThat(IdentityType.standard("email").orElseThrow().normalise(" Li@Example.COM ")).isEqualTo("li@example.com");
        assertThat(IdentityType.standard("wechat_openid").orElseThrow().normalise(" oAbC ")).isEqualTo("oAbC");
        assertThatThrownBy(() -> IdentityType.standard("email").orElseThrow().normalise("li at example"))
                .isInstanceOf(QuanyuException.class);
        assertThatThrownBy(() -> IdentityType.standard("device_id").orElseThrow().normalise("  "))
                .isInstanceOf(QuanyuException.class);
    }

    @Test
    void theScopedStandardTypesAreTheOpenidAndTheBuyerId() {
        assertThat(IdentityType.STANDARD.stream().filter(IdentityType::scoped).map(IdentityType::type))
                .containsExactly("wechat_openid", "buyer_id");
        assertThat(IdentityType.standard("fax")).isEmpty();
    }
}
