package io.quanyu.ui.settings;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.ui.shell.Notices;

/**
 * Refusals of the settings screens in the user's language: the settings' own error codes (duplicates, missing users
 * or clients, self changes) have translated texts; every other refusal is the builder's usual notice.
 */
final class SettingsNotices {

    private SettingsNotices() {
    }

    static void refused(QuanyuException e) {
        String key = "settings.error." + e.code().name();
        String text = text(key, null);
        if (text == null) {
            Notices.refused(e);
            return;
        }
        Notification notice = Notification.show(text, 6000, Notification.Position.BOTTOM_START);
        notice.addThemeVariants(NotificationVariant.LUMO_ERROR);
        notice.setId("refusal");
    }

    /** The translation of {@code key}, or {@code fallback} when no bundle has it. */
    static String text(String key, String fallback) {
        String text = UI.getCurrent().getTranslation(key);
        return text.startsWith("!") ? fallback : text;
    }
}
