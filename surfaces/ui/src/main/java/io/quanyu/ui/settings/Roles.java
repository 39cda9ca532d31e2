package io.quanyu.ui.settings;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import io.quanyu.core.tenant.Role;

import java.util.Collection;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

/** Role names in the user's language, and the role picker of the settings forms. */
final class Roles {

    private Roles() {
    }

    static String label(Role role) {
        return UI.getCurrent().getTranslation("settings.role." + role.claimValue());
    }

    static String labels(Collection<Role> roles) {
        return roles.stream().sorted(Comparator.naturalOrder()).map(Roles::label).collect(Collectors.joining(", "));
    }

    /** A checkbox per role of {@code choices}, in the enum's order (most powerful first). */
    static CheckboxGroup<Role> picker(String id, String label, Set<Role> choices) {
        CheckboxGroup<Role> picker = new CheckboxGroup<>(label);
        picker.setId(id);
        picker.setItems(choices.stream().sorted().toList());
        picker.setItemLabelGenerator(Roles::label);
        picker.setRequiredIndicatorVisible(true);
        return picker;
    }
}
