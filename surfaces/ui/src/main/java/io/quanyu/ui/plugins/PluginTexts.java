package io.quanyu.ui.plugins;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Span;
import io.quanyu.core.error.ErrorCategory;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.LocalizedText;
import io.quanyu.ui.access.InstalledPlugin;
import io.quanyu.ui.i18n.Languages;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.stream.Collectors;

/** How the plugin screens show names, dates and statuses. */
final class PluginTexts {

    private PluginTexts() {
    }

    /** A manifest's name or description in the user's language (zh-CN falls back to en); {@code ""} for none. */
    static String text(LocalizedText text) {
        return Languages.label(text);
    }

    static String date(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
                .withLocale(Languages.current()).withZone(ZoneId.systemDefault()).format(instant);
    }

    /** Enabled; installed and never changed since; or disabled. */
    /**
     * The installation's status badge, followed by a warning badge when the release calls plugins the tenant has not
     * enabled (its calls to them fail until it does).
     */
    static Span status(InstalledPlugin plugin) {
        String key = plugin.enabled() ? "plugins.status.enabled"
                : plugin.updatedAt().equals(plugin.installedAt()) ? "plugins.status.installed" : "plugins.status.disabled";
        Span status = badge(UI.getCurrent().getTranslation(key), plugin.enabled() ? "success" : "contrast");
        status.addClassName("plugin-status");
        if (plugin.needs().isEmpty()) {
            return status;
        }
        Span needs = badge(UI.getCurrent().getTranslation("plugins.needs", String.join(", ", plugin.needs())), "error");
        needs.addClassName("plugin-needs");
        needs.setTitle(UI.getCurrent().getTranslation("plugins.needs.hint"));
        Span cell = new Span(status, new Span(" "), needs);
        return cell;
    }

    static Span badge(String text, String theme) {
        Span badge = new Span(text);
        badge.getElement().getThemeList().add("badge " + theme);
        return badge;
    }

    /** A refusal in words: the server's message, then each violation that no field shows ({@code /settings/x: ...}). */
    static String refusal(QuanyuException e, List<FieldViolation> unplaced) {
        UI ui = UI.getCurrent();
        if (e.code().category() == ErrorCategory.PERMISSION_DENIED) {
            return ui.getTranslation("error.denied");
        }
        String details = unplaced.stream().map(v -> v.pointer() + ": " + v.message()).collect(Collectors.joining("; "));
        return ui.getTranslation("error.generic", e.getMessage() + (details.isEmpty() ? "" : " (" + details + ")"));
    }
}
