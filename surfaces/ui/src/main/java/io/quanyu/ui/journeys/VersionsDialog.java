package io.quanyu.ui.journeys;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import io.quanyu.journeys.JourneyVersion;
import io.quanyu.ui.access.JourneysWorkspace;
import io.quanyu.ui.i18n.Languages;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.function.Consumer;

/**
 * A journey's published versions, newest first: when and by whom each was published, and, for one the user may
 * change, a button that opens its definition in the editor as the draft (saved only when the user saves it).
 */
final class VersionsDialog extends Dialog {
    VersionsDialog(JourneysWorkspace workspace, String key, boolean editable, Consumer<JourneyVersion> restore) {
        setHeaderTitle(getTranslation("journeys.versions.title", key));
        List<JourneyVersion> versions = workspace.versions(key);
        if (versions.isEmpty()) {
            add(new Paragraph(getTranslation("journeys.versions.none")));
        } else {
            Grid<JourneyVersion> grid = new Grid<>();
            grid.setId("journey-versions");
            DateTimeFormatter time = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
                    .withLocale(Languages.current()).withZone(ZoneId.systemDefault());
            grid.addColumn(JourneyVersion::version).setHeader(getTranslation("journeys.version")).setAutoWidth(true);
            grid.addColumn(v -> time.format(v.publishedAt())).setHeader(getTranslation("journeys.versions.at")).setAutoWidth(true);
            grid.addColumn(JourneyVersion::publishedBy).setHeader(getTranslation("journeys.versions.by")).setAutoWidth(true);
            grid.addComponentColumn(v -> {
                Button open = new Button(getTranslation("journeys.versions.restore"), e -> {
                    close();
                    restore.accept(v);
                });
                open.setId("journey-version-restore-" + v.version());
                open.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
                open.setEnabled(editable);
                return open;
            });
            grid.setItems(versions);
            grid.setAllRowsVisible(true);
            add(grid);
        }
        Button close = new Button(getTranslation("journeys.publish.cancel"), e -> close());
        getFooter().add(close);
        setWidth("640px");
    }
}
