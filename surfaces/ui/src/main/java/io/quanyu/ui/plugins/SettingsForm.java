package io.quanyu.ui.plugins;

import io.quanyu.ui.forms.ViolationText;
import io.quanyu.ui.i18n.Languages;
import io.quanyu.ui.forms.FormInput;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.TextField;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.ui.access.InstalledPlugin;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plugin's settings form, generated from its settings schema ({@link SettingSchema}, {@link SettingInputs}) and
 * filled with the stored settings (a secret shows the mask; sent back unchanged, the server keeps the stored value).
 * The server's {@code /settings/<name>} violations are shown at their fields.
 */
final class SettingsForm extends FormLayout {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Map<String, FormInput<?, Object>> inputs = new LinkedHashMap<>();
    private final Map<String, SettingSchema.Property> properties = new LinkedHashMap<>();

    SettingsForm(InstalledPlugin plugin) {
        setId("settings-form");
        setResponsiveSteps(new ResponsiveStep("0", 1), new ResponsiveStep("40em", 2));
        SettingSchema schema = SettingSchema.of(plugin.settingsSchema(), Languages.current().toLanguageTag());
        for (SettingSchema.Property property : schema.properties()) {
            FormInput<?, Object> input = SettingInputs.of(property);
            if (input == null) {
                add(apiOnly(property, plugin.settings().get(property.name())));
                continue;
            }
            inputs.put(property.name(), input);
            properties.put(property.name(), property);
            add(input.component());
        }
        show(plugin);
    }

    /** Fills the form with the stored settings; a setting never stored shows the schema's default. */
    void show(InstalledPlugin plugin) {
        inputs.forEach((name, input) -> {
            Object stored = plugin.settings().get(name);
            input.show(stored != null ? stored : fallback(properties.get(name)));
        });
    }

    /** A setting this form does not edit, shown as JSON and left as stored. */
    private TextField apiOnly(SettingSchema.Property property, Object stored) {
        TextField field = new TextField(property.title());
        field.setId("setting-" + property.id());
        field.setReadOnly(true);
        field.setValue(stored == null ? "" : JSON.writeValueAsString(stored));
        field.setHelperText(getTranslation("plugins.setting.apiOnly"));
        return field;
    }

    void readOnly() {
        inputs.values().forEach(FormInput::readOnly);
    }

    /**
     * The settings to send: every edited value, {@code null} for an emptied one (removes it). A secret left as the
     * mask is sent as the mask, which keeps the stored one.
     */
    Map<String, Object> values() {
        Map<String, Object> out = new LinkedHashMap<>();
        inputs.forEach((name, input) -> out.put(name, input.value()));
        return out;
    }

    /** Marks the fields the server named; answers the violations that belong to no field. */
    List<FieldViolation> showErrors(QuanyuException e) {
        inputs.values().forEach(FormInput::clearError);
        return e.violations().stream().filter(v -> !place(v)).toList();
    }

    void clearErrors() {
        inputs.values().forEach(FormInput::clearError);
    }

    private boolean place(FieldViolation v) {
        String[] parts = v.pointer().split("/");
        String name = parts.length > 2 && "settings".equals(parts[1]) ? unescape(parts[2]) : null;
        FormInput<?, Object> input = name == null ? null : inputs.get(name);
        if (input == null) {
            return false;
        }
        input.error(ViolationText.of(v, ViolationText.Limits.of(properties.get(name).schema()), Languages.current()));
        return true;
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    /** The schema's {@code default} as a setting value; never for a secret (its stored value is the mask). */
    private static Object fallback(SettingSchema.Property property) {
        var node = property.schema().get("default");
        return node == null || node.isNull() || property.secret() ? null : JSON.treeToValue(node, Object.class);
    }
}
