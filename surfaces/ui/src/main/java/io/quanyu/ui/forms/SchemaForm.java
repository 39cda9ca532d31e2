package io.quanyu.ui.forms;

import io.quanyu.ui.i18n.Languages;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.TextField;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A form generated from a JSON Schema of an object ({@link SettingSchema}, {@link SettingInputs}): a plugin's settings,
 * filled with the stored settings (a secret shows the mask; sent back unchanged, the server keeps the stored value),
 * an operation's input on a plugin page, or the parameters of a plugin's journey action or trigger. The server's violations under {@code /<root>/<name>} are shown at their
 * fields.
 */
public final class SchemaForm extends FormLayout {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Map<String, FormInput<?, Object>> inputs = new LinkedHashMap<>();
    private final Map<String, SettingSchema.Property> properties = new LinkedHashMap<>();
    private final String root;

    /**
     * @param schema   the object's JSON Schema
     * @param idPrefix the prefix of each input's element id ({@code setting-} gives {@code setting-api-key})
     * @param root     the first segment of the server's violation pointers ({@code settings}, {@code input})
     * @param stored   the values shown for the properties the form does not edit (kept as they are)
     */
    public SchemaForm(JsonNode schema, String idPrefix, String root, Map<String, Object> stored) {
        this(schema, idPrefix, root, stored, FormSources.NONE);
    }

    /** As above, with the segment picker and the rule editor the screen offers ({@link FormSources}). */
    public SchemaForm(JsonNode schema, String idPrefix, String root, Map<String, Object> stored, FormSources sources) {
        this.root = root;
        setResponsiveSteps(new ResponsiveStep("0", 1), new ResponsiveStep("40em", 2));
        for (SettingSchema.Property property : SettingSchema.of(schema, Languages.current().toLanguageTag()).properties()) {
            FormInput<?, Object> input = SettingInputs.of(property, idPrefix, sources);
            if (input == null) {
                add(apiOnly(property, idPrefix, stored.get(property.name())));
                continue;
            }
            inputs.put(property.name(), input);
            properties.put(property.name(), property);
            add(input.component());
            if ("rule".equals(property.schema().path("x-format").asString(""))) {
                setColspan(input.component(), 2); // the rule editor's rows need the width
            }
        }
        show(stored);
    }

    /** Fills the form; a property without a value shows the schema's default. */
    public void show(Map<String, Object> values) {
        inputs.forEach((name, input) -> {
            Object value = values.get(name);
            input.show(value != null ? value : fallback(properties.get(name)));
        });
    }

    /** Whether the form edits no property. */
    public boolean editsNothing() {
        return inputs.isEmpty();
    }

    /** A property this form does not edit, shown as JSON and left as it is. */
    private TextField apiOnly(SettingSchema.Property property, String idPrefix, Object stored) {
        TextField field = new TextField(property.title());
        field.setId(idPrefix + property.id());
        field.setReadOnly(true);
        field.setValue(stored == null ? "" : JSON.writeValueAsString(stored));
        field.setHelperText(getTranslation("plugins.setting.apiOnly"));
        return field;
    }

    public void readOnly() {
        inputs.values().forEach(FormInput::readOnly);
    }

    /**
     * The values to send: every edited value, {@code null} for an emptied one (a setting is then removed). A secret
     * left as the mask is sent as the mask, which keeps the stored one.
     */
    public Map<String, Object> values() {
        Map<String, Object> out = new LinkedHashMap<>();
        inputs.forEach((name, input) -> out.put(name, input.value()));
        return out;
    }

    /** Marks the fields the server named; answers the violations that belong to no field. */
    public List<FieldViolation> showErrors(QuanyuException e) {
        inputs.values().forEach(FormInput::clearError);
        return e.violations().stream().filter(v -> !place(v)).toList();
    }

    public void clearErrors() {
        inputs.values().forEach(FormInput::clearError);
    }

    /** Calls {@code listener} after the user changes any value of the form. */
    public void onChange(Runnable listener) {
        inputs.values().forEach(input -> {
            if (input.component() instanceof com.vaadin.flow.component.HasValue<?, ?> field) {
                field.addValueChangeListener(e -> {
                    if (e.isFromClient()) {
                        listener.run();
                    }
                });
            }
        });
    }

    private boolean place(FieldViolation v) {
        String[] parts = v.pointer().split("/");
        String name = parts.length > 2 && root.equals(parts[1]) ? unescape(parts[2]) : null;
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

    /** The schema's {@code default}; never for a secret (its stored value is the mask). */
    private static Object fallback(SettingSchema.Property property) {
        var node = property.schema().get("default");
        return node == null || node.isNull() || property.secret() ? null : JSON.treeToValue(node, Object.class);
    }
}
