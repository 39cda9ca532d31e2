package io.quanyu.ui.plugins;

import io.quanyu.ui.forms.FormSources;
import io.quanyu.ui.forms.SchemaForm;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.plugin.pkg.PageSpec;
import io.quanyu.ui.access.PluginPage;
import io.quanyu.ui.access.PluginWorkspace;
import io.quanyu.ui.i18n.Languages;
import io.quanyu.ui.shell.Notices;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs one of a plugin page's actions: a form generated from the operation's input schema, without the properties
 * the page presets (literals, or the record's values on a row action), which are sent as they are. The operation
 * runs as the user; its input violations are shown at their fields, any other refusal above the buttons, and on
 * success the page is refreshed and the output summed up in a notice.
 */
final class OperationDialog extends Dialog {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SUMMARY = 200;

    OperationDialog(PluginWorkspace plugins, PluginPage page, PageSpec.Action action, Map<String, JsonNode> preset,
                    @Nullable String record, Runnable after, FormSources sources) {
        setId("operation-dialog");
        String title = Languages.label(action.title());
        setHeaderTitle(record == null ? title : title + " · " + record);
        SchemaForm form = new SchemaForm(withoutPresets(page.inputs().get(action.operation()), preset.keySet()),
                "input-", "input", Map.of(), sources);
        form.setId("operation-form");
        Div refusal = new Div();
        refusal.setId("operation-refusal");
        refusal.getStyle().set("color", "var(--lumo-error-text-color)");
        if (form.editsNothing()) {
            add(new Paragraph(getTranslation("plugins.page.confirm", title)));
        }
        add(form, refusal);
        Button run = new Button(getTranslation("plugins.page.run"), e -> {
            form.clearErrors();
            refusal.setText("");
            Map<String, Object> input = new LinkedHashMap<>();
            preset.forEach((name, value) -> input.put(name, JSON.treeToValue(value, Object.class)));
            form.values().forEach((name, value) -> {
                if (value != null) {
                    input.put(name, value);
                }
            });
            try {
                Map<String, Object> output = plugins.operation(page.pluginId(), action.operation(), input);
                close();
                Notices.success(getTranslation("plugins.page.done", title, summary(output)));
                after.run();
            } catch (QuanyuException ex) {
                List<FieldViolation> unplaced = form.showErrors(ex);
                if (ex.violations().isEmpty() || !unplaced.isEmpty()) {
                    refusal.setText(ex.violations().isEmpty() ? ex.getMessage() : unplaced.stream()
                            .map(v -> v.pointer() + " " + v.message()).collect(Collectors.joining("; ")));
                }
            }
        });
        run.setId("run-operation");
        run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button(getTranslation("plugins.page.cancel"), e -> close());
        getFooter().add(cancel, run);
    }

    /** The input schema without the preset properties (nor their {@code required} entries). */
    static JsonNode withoutPresets(JsonNode schema, java.util.Set<String> preset) {
        ObjectNode copy = (ObjectNode) schema.deepCopy();
        if (copy.get("properties") instanceof ObjectNode properties) {
            preset.forEach(properties::remove);
        }
        if (copy.get("required") != null && copy.get("required").isArray()) {
            var required = copy.putArray("required");
            schema.path("required").forEach(r -> {
                if (!preset.contains(r.asString())) {
                    required.add(r);
                }
            });
        }
        return copy;
    }

    /** The output as {@code name: value} pairs (values as JSON), cut at {@value #SUMMARY} characters. */
    static String summary(Map<String, Object> output) {
        String text = output.entrySet().stream().map(e -> e.getKey() + ": " + (e.getValue() instanceof String s ? s
                : JSON.writeValueAsString(e.getValue()))).collect(Collectors.joining(" · "));
        return text.length() <= SUMMARY ? text : text.substring(0, SUMMARY) + "…";
    }
}
