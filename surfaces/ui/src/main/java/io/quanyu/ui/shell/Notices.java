package io.quanyu.ui.shell;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import io.quanyu.core.error.ErrorCategory;
import io.quanyu.core.error.QuanyuException;

/** Short messages at the bottom of the page: successes, and refusals that belong to no single field. */
public final class Notices {

    private Notices() {
    }

    public static void success(String text) {
        Notification.show(text, 3000, Notification.Position.BOTTOM_START)
                .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    /** Something that ended badly without a refusal to show (a background job that failed). */
    public static void failed(String text) {
        Notification notice = Notification.show(text, 8000, Notification.Position.BOTTOM_START);
        notice.addThemeVariants(NotificationVariant.LUMO_ERROR);
        notice.setId("failure");
    }

    public static void refused(QuanyuException e) {
        UI ui = UI.getCurrent();
        String text = e.code().category() == ErrorCategory.PERMISSION_DENIED
                ? ui.getTranslation("error.denied") : ui.getTranslation("error.generic", e.getMessage());
        Notification notice = Notification.show(text, 6000, Notification.Position.BOTTOM_START);
        notice.addThemeVariants(NotificationVariant.LUMO_ERROR);
        notice.setId("refusal");
    }
}
