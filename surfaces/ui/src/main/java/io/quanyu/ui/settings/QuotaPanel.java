package io.quanyu.ui.settings;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.progressbar.ProgressBarVariant;
import io.quanyu.core.settings.QuotaUse;
import io.quanyu.ui.access.SettingsWorkspace;
import io.quanyu.ui.i18n.Languages;

import java.text.NumberFormat;

/** Each quota of the tenant with its limit, current use and a bar; nearly used-up quotas show in the error colour. */
final class QuotaPanel extends VerticalLayout {
    private static final double NEARLY_FULL = 0.9;

    QuotaPanel(SettingsWorkspace settings) {
        setId("quotas");
        setPadding(false);
        setMaxWidth("48em");
        settings.quotaUsage().forEach(use -> add(row(use)));
    }

    private Div row(QuotaUse use) {
        NumberFormat numbers = NumberFormat.getIntegerInstance(Languages.current());
        NumberFormat percent = NumberFormat.getPercentInstance(Languages.current());
        Span label = new Span(getTranslation("settings.quota." + use.quota()));
        label.getStyle().set("font-weight", "600");
        Span value = new Span(getTranslation("settings.quota.used", numbers.format(use.used()),
                numbers.format(use.limit()), percent.format(use.fraction())));
        value.setId("quota-" + use.quota() + "-value");
        value.getStyle().set("margin-left", "auto").set("color", "var(--lumo-secondary-text-color)");
        HorizontalLayout heading = new HorizontalLayout(label, value);
        heading.setWidthFull();
        heading.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        ProgressBar bar = new ProgressBar(0, 1, use.fraction());
        bar.setId("quota-" + use.quota());
        bar.getElement().setAttribute("aria-label", label.getText());
        if (use.fraction() >= NEARLY_FULL) {
            bar.addThemeVariants(ProgressBarVariant.LUMO_ERROR);
        }
        Span hint = new Span(getTranslation("settings.quota." + use.quota() + ".hint"));
        hint.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
        Div row = new Div(heading, bar, hint);
        row.setWidthFull();
        return row;
    }
}
