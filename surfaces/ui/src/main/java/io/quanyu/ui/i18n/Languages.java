package io.quanyu.ui.i18n;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinSession;
import io.quanyu.objects.model.LocalizedText;

import java.util.List;
import java.util.Locale;

/** The builder's languages, zh-CN and en; the choice is kept in the user's session. */
public final class Languages {
    public static final Locale ENGLISH = Locale.ENGLISH;
    public static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;
    public static final List<Locale> SUPPORTED = List.of(ENGLISH, CHINESE);

    private Languages() {
    }

    /** zh-* is Chinese, everything else English. */
    public static Locale supported(Locale locale) {
        return locale != null && "zh".equals(locale.getLanguage()) ? CHINESE : ENGLISH;
    }

    public static Locale current() {
        return supported(UI.getCurrent().getLocale());
    }

    /** Remembers the language in the session (every UI of the session follows it) and applies it here. */
    public static void choose(Locale locale) {
        Locale language = supported(locale);
        VaadinSession.getCurrent().setLocale(language);
        UI.getCurrent().setLocale(language);
    }

    /** A metadata label (object, field, option) in the current language; zh-CN falls back to en. */
    public static String label(LocalizedText text) {
        return text == null ? "" : text.in(current().toLanguageTag());
    }
}
