package io.quanyu.ui.journeys;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextField;
import io.quanyu.journeys.JourneyTemplates;
import io.quanyu.ui.access.JourneysWorkspace;
import io.quanyu.ui.i18n.Languages;
import tools.jackson.databind.JsonNode;

import java.util.function.BiConsumer;

/**
 * Starts a journey: its key and the shipped journey to start from (a blank one, the new follower's 48-hour welcome,
 * abandoned browse, win-back after 60 days, the post-purchase review request), each described in the user's language.
 * Nothing is saved until the canvas saves the draft.
 */
final class NewJourneyDialog extends Dialog {
    /** @param created called with the key and the draft to open */
    NewJourneyDialog(JourneysWorkspace workspace, BiConsumer<String, JsonNode> created) {
        setHeaderTitle(getTranslation("journeys.create.title"));
        String language = Languages.CHINESE.equals(Languages.current()) ? "zh-CN" : "en";
        TextField key = new TextField(getTranslation("journeys.create.key"));
        key.setId("journey-key");
        key.setHelperText(getTranslation("journeys.create.keyHelp"));
        key.setWidthFull();
        RadioButtonGroup<JourneyTemplates.Template> template = new RadioButtonGroup<>(getTranslation("journeys.create.template"));
        template.setId("journey-template");
        template.setItems(JourneyTemplates.all());
        template.setItemLabelGenerator(t -> t.name(language));
        template.setValue(JourneyTemplates.all().getFirst());
        template.addThemeName("vertical");
        Paragraph description = new Paragraph(template.getValue().description(language));
        description.setId("journey-template-description");
        template.addValueChangeListener(e -> description.setText(e.getValue().description(language)));
        Button open = new Button(getTranslation("journeys.create.open"), e -> {
            String k = key.getValue().strip();
            if (!io.quanyu.journeys.Journeys.KEY.matcher(k).matches()) {
                key.setInvalid(true);
                key.setErrorMessage(getTranslation("journeys.create.keyHelp"));
                return;
            }
            if (workspace.list().stream().anyMatch(j -> j.key().equals(k))) {
                key.setInvalid(true);
                key.setErrorMessage(getTranslation("journeys.create.exists", k));
                return;
            }
            close();
            created.accept(k, template.getValue().draft());
        });
        open.setId("journey-create");
        open.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button(getTranslation("journeys.create.cancel"), e -> close());
        add(key, template, description);
        setWidth("560px");
        getFooter().add(cancel, open);
    }
}
