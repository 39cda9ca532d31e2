package io.quanyu.ui.objects;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import io.quanyu.records.Migration;
import io.quanyu.ui.i18n.Languages;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Comparator;
import java.util.List;

/** An object's change history, newest first: versions, what changed, who, when, and how far a migration got. */
final class ChangeHistory extends Grid<Migration> {

    ChangeHistory() {
        setId("change-history");
        DateTimeFormatter time = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
                .withLocale(Languages.current()).withZone(ZoneId.systemDefault());
        addColumn(m -> m.fromVersion() + " → " + m.toVersion()).setHeader(getTranslation("history.version"))
                .setAutoWidth(true).setFlexGrow(0);
        addColumn(m -> String.join("; ", m.steps())).setHeader(getTranslation("history.steps")).setFlexGrow(3);
        addComponentColumn(this::status).setHeader(getTranslation("history.status")).setAutoWidth(true);
        addColumn(Migration::by).setHeader(getTranslation("history.by")).setAutoWidth(true);
        addColumn(m -> time.format(m.at())).setHeader(getTranslation("history.at")).setAutoWidth(true);
        addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        setAllRowsVisible(true);
    }

    void show(List<Migration> migrations) {
        setItems(migrations.stream().sorted(Comparator.comparing(Migration::at).reversed()).toList());
    }

    private Span status(Migration m) {
        String text = switch (m.status()) {
            case DONE -> getTranslation("history.done");
            case RUNNING -> getTranslation("history.running", m.done(), m.total());
            case FAILED -> getTranslation("history.failed", m.error() == null ? "" : m.error());
        };
        Span badge = new Span(text);
        badge.getElement().getThemeList().add(switch (m.status()) {
            case DONE -> "badge success";
            case RUNNING -> "badge";
            case FAILED -> "badge error";
        });
        return badge;
    }
}
