package io.quanyu.ui.customers;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.ui.access.CustomerWorkspace;
import io.quanyu.ui.shell.Notices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.function.Consumer;

/**
 * Merge suggestions (the other customer with its identities and why they were suggested; Merge and Dismiss for
 * data writers) and the merge history (Unmerge, after a confirmation, for a merge that is done).
 */
final class MergePanel extends VerticalLayout {
    private final CustomerWorkspace customers;
    private final ObjectType type;
    private final String current;
    private final boolean writer;
    private final Consumer<String> reopen;

    MergePanel(CustomerWorkspace customers, ObjectType type, String current, JsonNode profile, boolean writer,
               Consumer<String> reopen) {
        this.customers = customers;
        this.type = type;
        this.current = current;
        this.writer = writer;
        this.reopen = reopen;
        VerticalLayout suggestions = list("merge-suggestions", profile.path("suggestions"), "customers.noSuggestions");
        profile.path("suggestions").forEach(s -> suggestions.add(suggestion(s)));
        VerticalLayout history = list("merge-history", profile.path("merges"), "customers.noMerges");
        profile.path("merges").forEach(m -> history.add(merge(m)));
        add(CustomerView.section("customers.suggestions", suggestions), CustomerView.section("customers.merges", history));
        setPadding(false);
    }

    private VerticalLayout list(String id, JsonNode items, String emptyKey) {
        VerticalLayout list = new VerticalLayout();
        list.setId(id);
        list.setPadding(false);
        if (items.isEmpty()) {
            list.add(new Span(getTranslation(emptyKey)));
        }
        return list;
    }

    private Div suggestion(JsonNode s) {
        String suggestionId = s.path("id").asString();
        String other = other(s.path("customers"));
        ObjectNode otherProfile = profile(other);
        Div card = card("merge-suggestion");
        card.add(new HorizontalLayout(customerLink(other, otherProfile), new Span(identities(otherProfile))));
        card.add(note(getTranslation("customers.suggestedBecause", CustomerTexts.reason(s.path("reason").asString("")),
                CustomerTexts.time(s.path("at").asString(null)))));
        if (writer) {
            Button merge = new Button(getTranslation("customers.merge"), e -> confirmMerge(suggestionId, s.path("customers")));
            merge.addClassName("accept-suggestion");
            merge.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
            Button dismiss = new Button(getTranslation("customers.dismiss"), e -> act(() -> {
                customers.dismiss(suggestionId);
                Notices.success(getTranslation("customers.dismissed"));
                return current;
            }));
            dismiss.addClassName("dismiss-suggestion");
            dismiss.addThemeVariants(ButtonVariant.LUMO_SMALL);
            card.add(new HorizontalLayout(merge, dismiss));
        }
        return card;
    }

    private String other(JsonNode pair) {
        for (JsonNode c : pair) {
            if (!c.asString().equals(current)) {
                return c.asString();
            }
        }
        return current;
    }

    /** The other customer's identities, so the user can judge the suggestion. */
    private static String identities(ObjectNode profile) {
        StringBuilder out = new StringBuilder();
        if (profile != null) {
            profile.path("identities").forEach(i -> out.append(out.isEmpty() ? "" : ", ")
                    .append(CustomerTexts.identityType(i.path("type").asString())).append(" ").append(i.path("value").asString()));
        }
        return out.toString();
    }

    private void confirmMerge(String suggestionId, JsonNode pair) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirm-merge");
        confirm.setHeader(getTranslation("customers.mergeConfirm"));
        confirm.setText(getTranslation("customers.mergeExplained", name(pair.path(1).asString()), name(pair.path(0).asString())));
        confirm.setCancelable(true);
        confirm.setCancelText(getTranslation("customers.cancel"));
        confirm.setConfirmText(getTranslation("customers.merge"));
        confirm.addConfirmListener(e -> act(() -> {
            String survivor = customers.accept(suggestionId);
            Notices.success(getTranslation("customers.merged"));
            return survivor;
        }));
        confirm.open();
    }

    private Div merge(JsonNode m) {
        boolean survived = current.equals(m.path("survivor").asString());
        String other = survived ? m.path("merged").asString() : m.path("survivor").asString();
        String status = m.path("status").asString();
        Div card = card("merge-record");
        card.getElement().setAttribute("data-status", status);
        Span what = new Span(getTranslation(survived ? "customers.absorbed" : "customers.absorbedBy"));
        Span state = CustomerTexts.badge(CustomerTexts.labelOr("customers.mergeStatus." + status, status),
                "done".equals(status) ? "success" : "contrast");
        HorizontalLayout line = new HorizontalLayout(what, "undone".equals(status) || !survived ? customerLink(other)
                : new Span(name(other)), state);
        line.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        card.add(line, note(getTranslation("customers.mergeBy", m.path("by").asString(""),
                CustomerTexts.time(m.path("at").asString(null)), CustomerTexts.reason(m.path("reason").asString("")))));
        if (writer && survived && "done".equals(status)) {
            Button undo = new Button(getTranslation("customers.unmerge"), e -> confirmUnmerge(m.path("id").asString(), other));
            undo.addClassName("unmerge");
            undo.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
            card.add(undo);
        }
        return card;
    }

    private void confirmUnmerge(String mergeId, String other) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setId("confirm-unmerge");
        confirm.setHeader(getTranslation("customers.unmergeConfirm"));
        confirm.setText(getTranslation("customers.unmergeExplained", name(other)));
        confirm.setCancelable(true);
        confirm.setCancelText(getTranslation("customers.cancel"));
        confirm.setConfirmText(getTranslation("customers.unmerge"));
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(e -> act(() -> {
            customers.unmerge(mergeId);
            Notices.success(getTranslation("customers.unmerged"));
            return current;
        }));
        confirm.open();
    }

    /** Runs a write; on success shows the customer it returns, on refusal says why. */
    private void act(java.util.function.Supplier<String> write) {
        try {
            reopen.accept(write.get());
        } catch (QuanyuException e) {
            Notices.refused(e);
        }
    }

    private RouterLink customerLink(String customer) {
        return customerLink(customer, profile(customer));
    }

    private RouterLink customerLink(String customer, ObjectNode profile) {
        String name = CustomerTexts.name(type, profile == null ? null : profile.get("record"), customer);
        RouterLink link = new RouterLink(name, CustomerView.class, new RouteParameters("id", customer));
        link.addClassName("merge-customer");
        return link;
    }

    /** A customer's display name; merged-away customers have no live record, so they show by id. */
    private String name(String customer) {
        ObjectNode profile = profile(customer);
        return CustomerTexts.name(type, profile == null ? null : profile.get("record"), customer);
    }

    private ObjectNode profile(String customer) {
        try {
            return customers.profile(customer);
        } catch (QuanyuException e) {
            return null;
        }
    }

    private static Div card(String className) {
        Div card = new Div();
        card.addClassName(className);
        card.getStyle().set("border", "1px solid var(--lumo-contrast-10pct)").set("border-radius", "var(--lumo-border-radius-m)")
                .set("padding", "var(--lumo-space-s) var(--lumo-space-m)").set("width", "100%").set("box-sizing", "border-box");
        return card;
    }

    private static Span note(String text) {
        Span note = new Span(text);
        note.getStyle().set("display", "block").set("color", "var(--lumo-secondary-text-color)")
                .set("font-size", "var(--lumo-font-size-s)");
        return note;
    }
}
