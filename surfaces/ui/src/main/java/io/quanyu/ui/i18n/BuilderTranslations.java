package io.quanyu.ui.i18n;

import com.vaadin.flow.i18n.I18NProvider;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every label of the builder, from the resource bundles {@code io/quanyu/ui/i18n/<area>*.properties} (UTF-8) in
 * the builder's two languages: one bundle per screen area, looked up in {@link #BUNDLES} order (a key lives in exactly
 * one bundle; {@code BuilderTranslationsTest} checks that both languages have the same keys). Object and field labels
 * come from the metadata instead ({@link Languages#label}).
 */
public class BuilderTranslations implements I18NProvider {
    static final List<String> BUNDLES = List.of("builder", "plugins", "customers", "settings", "messaging", "segments", "journeys").stream()
            .map(area -> "io.quanyu.ui.i18n." + area).toList();
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    @Override
    public List<Locale> getProvidedLocales() {
        return Languages.SUPPORTED;
    }

    @Override
    public String getTranslation(String key, Locale locale, Object... params) {
        Locale language = Languages.supported(locale);
        for (String bundle : BUNDLES) {
            ResourceBundle texts = bundle(bundle, language);
            if (texts != null && texts.containsKey(key)) {
                String text = texts.getString(key);
                return params.length == 0 ? text : new MessageFormat(text, language).format(params);
            }
        }
        return "!" + key;
    }

    static ResourceBundle bundle(String name, Locale language) {
        try {
            return ResourceBundle.getBundle(name, language, NO_FALLBACK);
        } catch (MissingResourceException e) {
            return null;
        }
    }
}
