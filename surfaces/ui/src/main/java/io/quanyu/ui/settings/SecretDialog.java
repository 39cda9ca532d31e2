package io.quanyu.ui.settings;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.quanyu.core.identity.ApiClientSecret;
import io.quanyu.ui.shell.Notices;

/**
 * A client's id and freshly issued secret, shown once with a copy button: the platform does not keep the secret, so
 * closing the dialog is the last chance to read it (a lost secret is replaced by regenerating it).
 */
final class SecretDialog extends Dialog {

    SecretDialog(ApiClientSecret issued) {
        setHeaderTitle(getTranslation("settings.secret.title"));
        setCloseOnOutsideClick(false);
        Paragraph warning = new Paragraph(getTranslation("settings.secret.once"));
        warning.getStyle().set("color", "var(--lumo-error-text-color)");
        TextField clientId = readOnly("secret-client-id", "settings.clients.clientId", issued.client().clientId());
        // a text area: the whole secret stays visible, wrapped, however long the identity provider makes it
        TextArea secret = new TextArea(getTranslation("settings.secret.secret"));
        secret.setId("client-secret");
        secret.setValue(issued.secret());
        secret.setReadOnly(true);
        secret.setWidthFull();
        // the browser's clipboard works only in a secure context (https or localhost): say so when it refuses
        Button copy = new Button(getTranslation("settings.secret.copy"), e -> UI.getCurrent().getPage()
                .executeJs("return navigator.clipboard.writeText($0)", issued.secret())
                .then(done -> Notices.success(getTranslation("settings.secret.copied")),
                        failed -> Notification.show(getTranslation("settings.secret.copyFailed"), 6000,
                                Notification.Position.MIDDLE)));
        copy.setId("copy-secret");
        HorizontalLayout secretRow = new HorizontalLayout(secret, copy);
        secretRow.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        secretRow.setWidthFull();
        secretRow.setFlexGrow(1, secret);
        add(warning, clientId, secretRow);
        Button close = new Button(getTranslation("settings.secret.close"), e -> close());
        close.setId("close-secret");
        close.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(close);
        setWidth("40em");
    }

    private TextField readOnly(String id, String label, String value) {
        TextField field = new TextField(getTranslation(label));
        field.setId(id);
        field.setValue(value);
        field.setReadOnly(true);
        field.setWidthFull();
        return field;
    }
}
