package io.quanyu.ui.forms;

import com.vaadin.flow.component.AbstractField;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import java.util.Map;

/**
 * What a generated form's richer inputs draw on, from the screen that shows the form: the tenant's segments, for a
 * string property marked {@code "x-source": "segments"} (a picker of their keys), and the visual rule editor, for
 * an object property marked {@code "x-format": "rule"} (a rule of the condition language). Without them such a
 * property is a plain text field, or shown as JSON and left as it is.
 */
public interface FormSources {
    /** No sources: every property by its type alone. */
    FormSources NONE = new FormSources() {
        @Override
        public Map<String, String> segments() {
            return Map.of();
        }

        @Override
        public @Nullable AbstractField<?, JsonNode> newRuleField() {
            return null;
        }
    };

    /** The tenant's segments the user may read: key to name, in the order to offer them; empty when not offered. */
    Map<String, String> segments();

    /** A new editor of one rule (its empty value: no rule), or {@code null} when the screen offers none. */
    @Nullable AbstractField<?, JsonNode> newRuleField();
}
