package io.quanyu.ui.customers;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import io.quanyu.core.error.ErrorCategory;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.ui.access.CustomerWorkspace;
import io.quanyu.ui.shell.Notices;
import tools.jackson.databind.JsonNode;

/**
 * A customer's tags (manual ones and those rules set), each with where it came from; data writers add manual tags
 * and remove tags. A refused tag name shows at the input.
 */
final class TagEditor extends VerticalLayout {
    private final CustomerWorkspace customers;
    private final String customer;
    private final Runnable changed;

    TagEditor(CustomerWorkspace customers, String customer, JsonNode tags, boolean writer, Runnable changed) {
        this.customers = customers;
        this.customer = customer;
        this.changed = changed;
        HorizontalLayout shown = new HorizontalLayout();
        shown.setId("customer-tags");
        shown.getStyle().set("flex-wrap", "wrap");
        tags.forEach(t -> shown.add(tag(t, writer)));
        if (tags.isEmpty()) {
            shown.add(new Span(getTranslation("customers.noTags")));
        }
        add(shown);
        if (writer) {
            add(adder());
        }
        setPadding(false);
    }

    private HorizontalLayout tag(JsonNode tag, boolean writer) {
        String name = tag.path("tag").asString();
        Span badge = CustomerTexts.badge(name, "manual".equals(tag.path("source").asString()) ? "" : "contrast");
        badge.addClassName("customer-tag");
        badge.getElement().setAttribute("title", getTranslation("customers.tagSource",
                source(tag.path("source").asString("")),
                CustomerTexts.time(tag.path("at").asString(null))));
        HorizontalLayout box = new HorizontalLayout(badge);
        box.setSpacing(false);
        box.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        if (writer) {
            Button remove = new Button("×", e -> change(name, false, null));
            remove.addClassName("remove-tag");
            remove.getElement().setAttribute("data-tag", name);
            remove.setAriaLabel(getTranslation("customers.removeTag", name));
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_SMALL);
            box.add(remove);
        }
        return box;
    }

    /** "manual", "rule:vip" or "event:order" as "Manual", "Rule vip", "Event order". */
    static String source(String source) {
        int colon = source.indexOf(':');
        String kind = colon < 0 ? source : source.substring(0, colon);
        String rest = colon < 0 ? "" : " " + source.substring(colon + 1);
        return CustomerTexts.labelOr("customers.tagSource." + kind, kind) + rest;
    }

    private HorizontalLayout adder() {
        TextField input = new TextField(getTranslation("customers.newTag"));
        input.setId("new-tag");
        input.setMaxLength(64);
        Button add = new Button(getTranslation("customers.addTag"), e -> change(input.getValue().strip(), true, input));
        add.setId("add-tag");
        input.addKeyDownListener(Key.ENTER, e -> add.click());
        HorizontalLayout row = new HorizontalLayout(input, add);
        row.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        return row;
    }

    private void change(String tag, boolean add, TextField input) {
        try {
            customers.tag(customer, tag, add);
            changed.run();
        } catch (QuanyuException e) {
            if (input != null && e.code().category() == ErrorCategory.INVALID_ARGUMENT && !e.violations().isEmpty()) {
                input.setErrorMessage(e.violations().getFirst().message());
                input.setInvalid(true);
            } else {
                Notices.refused(e);
            }
        }
    }
}
