package io.quanyu.ui.settings;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.settings.QuotaUse;
import io.quanyu.ui.i18n.BuilderTranslations;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The labels the settings look up by a computed key (roles, quotas, error codes) exist in both languages. */
class SettingsLabelsTest {
    private final BuilderTranslations translations = new BuilderTranslations();

    @Test
    void everyComputedKeyHasAnEnglishAndAChineseLabel() {
        List<String> keys = new ArrayList<>();
        for (Role role : Role.values()) {
            keys.add("settings.role." + role.claimValue());
        }
        for (String quota : QuotaUse.QUOTAS) {
            keys.add("settings.quota." + quota);
            keys.add("settings.quota." + quota + ".hint");
        }
        for (String code : List.of("TENANT_USER_EXISTS", "TENANT_USER_NOT_FOUND", "SELF_CHANGE_REFUSED",
                "API_CLIENT_EXISTS", "API_CLIENT_NOT_FOUND")) {
            keys.add("settings.error." + ErrorCode.valueOf(code).name());
        }
        for (String key : keys) {
            assertThat(translations.getTranslation(key, Locale.ENGLISH)).as("en " + key).doesNotStartWith("!");
            assertThat(translations.getTranslation(key, Locale.SIMPLIFIED_CHINESE)).as("zh " + key)
                    .doesNotStartWith("!").isNotEqualTo(translations.getTranslation(key, Locale.ENGLISH));
        }
    }

    @Test
    void quotaUseIsShownWithLimitAndShare() {
        assertThat(translations.getTranslation("settings.quota.used", Locale.ENGLISH, "12", "200", "6%"))
                .isEqualTo("12 of 200 (6%)");
        assertThat(new QuotaUse(QuotaUse.PLUGINS, 30, 20).fraction()).isEqualTo(1.0);
        assertThat(new QuotaUse(QuotaUse.RECORDS, 1, 4).fraction()).isEqualTo(0.25);
    }
}
