package io.quanyu.ui.journeys;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.journeys.Journey;
import io.quanyu.journeys.Migration;
import io.quanyu.ui.access.JourneysWorkspace;
import io.quanyu.ui.shell.Notices;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Publishing the saved draft: what becomes of the customers in older versions, chosen (drain, migrate with a step of
 * the new version or an exit for each step holding customers, stop) and previewed by the server as the publication
 * will do it ("3 at wait1 (version 1) move to wait2"), then published with exactly those options.
 */
final class PublishDialog extends Dialog {
    private final JourneysWorkspace workspace;
    private final Journey journey;
    private final RadioButtonGroup<String> mode = new RadioButtonGroup<>();
    private final Map<String, Select<String>> mapping = new LinkedHashMap<>();
    private final VerticalLayout mappings = new VerticalLayout();
    private final Div rows = new Div();
    private final Button confirm;

    /**
     * @param published called with the journey once published
     * @param refused   called with the problems the server found in the draft (the dialog closes)
     */
    PublishDialog(JourneysWorkspace workspace, Journey journey, JourneyDraft draft, Consumer<Journey> published,
                  Consumer<List<FieldViolation>> refused) {
        this.workspace = workspace;
        this.journey = journey;
        setHeaderTitle(getTranslation("journeys.publish.title", journey.key(), journey.published() + 1));
        mode.setId("publish-mode");
        mode.setLabel(getTranslation("journeys.publish.mode"));
        mode.setItems(Migration.DRAIN, Migration.MIGRATE, Migration.STOP);
        mode.setItemLabelGenerator(m -> getTranslation("journeys.publish.mode." + m));
        mode.setValue(Migration.DRAIN);
        mode.addThemeName("vertical");
        rows.setId("publish-rows");
        mappings.setPadding(false);
        confirm = new Button(getTranslation("journeys.publish.confirm"), e -> {
            try {
                var done = workspace.publish(journey.key(), options());
                Notices.success(getTranslation("journeys.published", journey.key(), done.journey().published()));
                close();
                published.accept(done.journey());
            } catch (QuanyuException ex) {
                close();
                if (ex.violations().isEmpty()) {
                    Notices.refused(ex);
                } else {
                    refused.accept(ex.violations());
                }
            }
        });
        confirm.setId("publish-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button(getTranslation("journeys.publish.cancel"), e -> close());
        add(mode, mappings, rows);
        setWidth("600px");
        getFooter().add(cancel, confirm);

        // The steps holding customers in older versions, each offered a step of the new version or an exit.
        Set<String> held = new LinkedHashSet<>();
        try {
            workspace.preview(journey.key(), null).rows().forEach(r -> held.add(r.node()));
        } catch (QuanyuException e) {
            refused.accept(e.violations());
        }
        List<String> targets = new ArrayList<>();
        targets.add("");
        targets.addAll(draft.nodes().propertyNames());
        for (String node : held) {
            Select<String> to = new Select<>();
            to.setId("publish-map-" + node);
            to.setLabel(getTranslation("journeys.publish.map", node));
            to.setItems(targets);
            to.setItemLabelGenerator(t -> t.isEmpty() ? getTranslation("journeys.publish.exit") : t);
            to.setValue(draft.node(node) != null ? node : "");
            to.addValueChangeListener(e -> preview());
            mapping.put(node, to);
            mappings.add(to);
        }
        mode.addValueChangeListener(e -> preview());
        preview();
    }

    private ObjectNode options() {
        ObjectNode options = JsonNodeFactory.instance.objectNode().put("mode", mode.getValue());
        if (Migration.MIGRATE.equals(mode.getValue())) {
            ObjectNode map = options.putObject("mapping");
            mapping.forEach((from, to) -> {
                if (to.getValue() == null || to.getValue().isEmpty()) {
                    map.putNull(from);
                } else {
                    map.put(from, to.getValue());
                }
            });
        }
        return options;
    }

    /** Shows what publishing with the chosen options would do now, as the server works it out. */
    private void preview() {
        mappings.setVisible(Migration.MIGRATE.equals(mode.getValue()));
        rows.removeAll();
        try {
            Migration.Plan plan = workspace.preview(journey.key(), options());
            if (plan.rows().isEmpty()) {
                rows.add(new Paragraph(getTranslation("journeys.publish.none")));
            } else {
                UnorderedList list = new UnorderedList();
                for (Migration.Plan.Row row : plan.rows()) {
                    ListItem item = new ListItem(getTranslation("journeys.publish.row." + row.action(), row.customers(),
                            row.node(), row.version(), row.to() == null ? "" : row.to()));
                    item.getElement().setAttribute("data-action", row.action());
                    list.add(item);
                }
                rows.add(list);
            }
            confirm.setEnabled(true);
        } catch (QuanyuException e) {
            UnorderedList list = new UnorderedList();
            e.violations().forEach(v -> list.add(new ListItem(JourneyTexts.violation(v))));
            rows.add(list);
            confirm.setEnabled(false);
        }
    }
}
