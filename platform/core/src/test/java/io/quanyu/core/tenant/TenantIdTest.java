package io.quanyu.core.tenant;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "ab", "Acme", "1acme", "acme-co", "acme_co", "acme.co", "ac me", "$acme", "acme\u0000",
            "abcdefghijklmnopqrstuvwxyz0123456", "阿里巴巴"})
    void refusesMalformedIds(String value) {
        assertThatThrownBy(() -> TenantId.of(value))
                .isInstanceOfSatisfying(QuanyuException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TENANT_ID_INVALID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"platform", "admin", "local", "config", "quanyu"})
    void refusesReservedNamesForNewTenants(String value) {
        assertThatThrownBy(() -> TenantId.of(value)).hasMessageContaining("reserved");
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> TenantId.of(null)).isInstanceOf(QuanyuException.class);
    }

    @Test
    void derivesDatabaseAndIndexPrefix() {
        TenantId id = TenantId.of("acme2");
        assertThat(id.databaseName()).isEqualTo("quanyu_t_acme2");
        assertThat(id.indexPrefix()).isEqualTo("quanyu-acme2-");
        assertThat(TenantId.of("abcdefghijklmnopqrstuvwxyz012345").value()).hasSize(32);
    }
}
