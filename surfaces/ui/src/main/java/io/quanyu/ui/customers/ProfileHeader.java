package io.quanyu.ui.customers;

import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import io.quanyu.objects.model.ObjectType;
import tools.jackson.databind.JsonNode;

/** Who the customer is: name, stage, anonymous or known, id, who referred them, and how the stage changed. */
final class ProfileHeader extends VerticalLayout {

    ProfileHeader(ObjectType type, JsonNode profile) {
        String id = profile.path("id").asString();
        H2 name = new H2(CustomerTexts.name(type, profile.get("record"), id));
        name.setId("customer-name");
        name.getStyle().set("margin", "0");
        Span stage = CustomerTexts.badge(CustomerTexts.stage(type, profile.path("stage").asString(null)), "success");
        stage.setId("customer-stage");
        stage.getElement().setAttribute("title", getTranslation("customers.stage"));
        boolean anonymous = profile.path("anonymous").asBoolean();
        Span known = CustomerTexts.badge(getTranslation(anonymous ? "customers.anonymous" : "customers.known"),
                anonymous ? "contrast" : "");
        known.setId("customer-anonymous");
        Span shownId = new Span(getTranslation("customers.id", id));
        shownId.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        HorizontalLayout line = new HorizontalLayout(name, stage, known, shownId);
        line.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        String referrer = profile.path("referredBy").asString("");
        if (!referrer.isEmpty()) {
            line.add(new RouterLink(getTranslation("customers.referredBy"), CustomerView.class, new RouteParameters("id", referrer)));
        }
        add(line, history(type, profile.path("stageHistory")));
        setPadding(false);
        setSpacing(false);
    }

    private Details history(ObjectType type, JsonNode changes) {
        UnorderedList list = new UnorderedList();
        list.setId("stage-history");
        for (int i = changes.size() - 1; i >= 0; i--) {
            JsonNode c = changes.get(i);
            list.add(new ListItem(getTranslation("customers.stageChange", CustomerTexts.stage(type, c.path("from").asString(null)),
                    CustomerTexts.stage(type, c.path("to").asString(null)), CustomerTexts.time(c.path("at").asString(null)))));
        }
        if (changes.isEmpty()) {
            list.add(new ListItem(getTranslation("customers.noStageChanges")));
        }
        Details details = new Details(getTranslation("customers.stageHistory", changes.size()), list);
        details.setId("stage-history-details");
        return details;
    }
}
