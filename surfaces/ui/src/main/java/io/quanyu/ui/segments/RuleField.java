package io.quanyu.ui.segments;

import com.vaadin.flow.component.customfield.CustomField;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The visual {@link RuleEditor} as a form field, for a generated form's rule ({@code "x-format": "rule"}, through
 * {@code FormSources}): its value is the rule in the condition language, or empty while the editor holds no
 * condition (no rule: every customer).
 */
public final class RuleField extends CustomField<JsonNode> {
    private final RuleEditor editor;
    private boolean showing;

    public RuleField(FactChoices facts) {
        editor = new RuleEditor(facts);
        editor.getElement().removeAttribute("id"); // the field carries the form's id
        editor.addChangeListener(() -> {
            if (!showing) {
                updateValue();
            }
        });
        add(editor);
        setWidthFull();
    }

    @Override
    protected @Nullable JsonNode generateModelValue() {
        JsonNode rule = editor.rule();
        return rule.size() == 1 && rule.path("all").isArray() && rule.path("all").isEmpty() ? null : rule;
    }

    @Override
    protected void setPresentationValue(@Nullable JsonNode rule) {
        showing = true;
        try {
            editor.show(rule == null || !rule.isObject() ? JsonNodeFactory.instance.objectNode()
                    .set("all", JsonNodeFactory.instance.arrayNode()) : rule);
        } finally {
            showing = false;
        }
    }

    @Override
    public void setReadOnly(boolean readOnly) {
        super.setReadOnly(readOnly);
        editor.setReadOnly(readOnly);
    }
}
