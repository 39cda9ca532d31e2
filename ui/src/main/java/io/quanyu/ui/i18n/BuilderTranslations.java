package io.quanyu.ui.i18n;

import com.vaadin.flow.i18n.I18NProvider;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every label of the builder, from the resource bundles {@code io/quanyu/ui/i18n/builder*.properties} (UTF-8) in
 * the builder's two languages. Object and field labels come from the metadata instead ({@link Languages#label}).
 */
public class BuilderTranslations implements I18NProvider {
    private static final String BUNDLE = "io.quanyu.ui.i18n.builder";

    @Override
    public List<Locale> getProvidedLocales() {
        return Languages.SUPPORTED;
    }

    @Override
    public String getTranslation(String key, Locale locale, Object... params) {
        Locale language = Languages.supported(locale);
        try {
            String text = ResourceBundle.getBundle(BUNDLE, language, ResourceBundle.Control
                    .getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)).getString(key);
            return params.length == 0 ? text : new MessageFormat(text, language).format(params);
        } catch (MissingResourceException e) {
            return "!" + key;
        }
    }
}
