package io.quanyu.ui.i18n;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class BuilderTranslationsTest {
    private static final Pattern LITERAL_KEY = Pattern.compile("getTranslation\\(\"([a-zA-Z0-9_.-]+)\"\\s*[,)]");
    /** The navigation's titles: {@code @Menu(title = "nav.objects", ...)} is a key the shell translates. */
    private static final Pattern MENU_KEY = Pattern.compile("@Menu\\(title = \"([a-zA-Z0-9_.-]+)\"");

    @Test
    void everyAreaHasTheSameKeysInBothLanguagesAndEachKeyLivesInOneArea() throws IOException {
        Map<String, String> owner = new HashMap<>();
        int areas = 0;
        for (String bundle : BuilderTranslations.BUNDLES) {
            Properties en = load(bundle, "");
            Properties zh = load(bundle, "_zh_CN");
            if (en == null && zh == null) {
                continue;
            }
            areas++;
            assertThat(en).as(bundle + " (en)").isNotNull();
            assertThat(zh).as(bundle + " (zh-CN)").isNotNull();
            assertThat(new TreeSet<>(zh.stringPropertyNames())).as(bundle + ": zh-CN keys")
                    .isEqualTo(new TreeSet<>(en.stringPropertyNames()));
            for (String key : en.stringPropertyNames()) {
                assertThat(owner.put(key, bundle)).as("key " + key + " in two bundles").isNull();
                assertThat(zh.getProperty(key)).as(bundle + ": zh-CN " + key).isNotBlank();
            }
        }
        assertThat(areas).isPositive();
    }

    @Test
    void everyLabelTheCodeAsksForExistsInBothLanguages() throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = Files.readString(source);
                for (Pattern key : List.of(LITERAL_KEY, MENU_KEY)) {
                    Matcher m = key.matcher(code);
                    while (m.find()) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        assertThat(used).contains("app.title", "nav.objects", "nav.marketplace", "settings.nav");
        BuilderTranslations translations = new BuilderTranslations();
        for (String key : used) {
            assertThat(translations.getTranslation(key, Locale.ENGLISH)).as("en " + key).doesNotStartWith("!");
            assertThat(translations.getTranslation(key, Locale.SIMPLIFIED_CHINESE)).as("zh-CN " + key).doesNotStartWith("!");
        }
    }

    @Test
    void chineseAndEnglishDifferAndParametersAreFilledIn() {
        BuilderTranslations translations = new BuilderTranslations();
        assertThat(translations.getTranslation("nav.objects", Locale.SIMPLIFIED_CHINESE)).isEqualTo("对象");
        assertThat(translations.getTranslation("nav.objects", Locale.forLanguageTag("zh-TW"))).isEqualTo("对象");
        assertThat(translations.getTranslation("nav.objects", Locale.GERMAN)).isEqualTo("Objects");
        assertThat(translations.getTranslation("header.tenant", Locale.ENGLISH, "acme")).contains("acme");
        assertThat(translations.getTranslation("no.such.key", Locale.ENGLISH)).isEqualTo("!no.such.key");
    }

    private static Properties load(String bundle, String suffix) throws IOException {
        String resource = "/" + bundle.replace('.', '/') + suffix + ".properties";
        try (InputStream in = BuilderTranslationsTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p;
        }
    }
}
