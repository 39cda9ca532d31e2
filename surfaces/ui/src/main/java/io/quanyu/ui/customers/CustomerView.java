package io.quanyu.ui.customers;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.ui.access.CustomerWorkspace;
import io.quanyu.ui.access.TenantWorkspace;
import io.quanyu.ui.shell.MainLayout;
import io.quanyu.ui.shell.Notices;
import tools.jackson.databind.node.ObjectNode;

/**
 * One customer's 360: who (name, stage with its history, anonymous or known), identities, scores and aggregates,
 * tags, the timeline (more pages load as the user scrolls), merge suggestions and merge history. Data writers tag,
 * merge, dismiss and unmerge; everyone else reads. A customer merged away opens its survivor.
 */
@Route(value = "customers/:id", layout = MainLayout.class)
public class CustomerView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {
    private final CustomerWorkspace customers;
    private final io.quanyu.ui.access.MessagingWorkspace messaging;
    private final ObjectType type;
    private String id;
    private String title = "";

    public CustomerView(TenantWorkspace workspace, CustomerWorkspace customers, io.quanyu.ui.access.MessagingWorkspace messaging) {
        this.customers = customers;
        this.messaging = messaging;
        this.type = workspace.object("customer");
        setId("customer-profile");
        setWidthFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        id = event.getRouteParameters().get("id").orElse("");
        title = getTranslation("customers.profileTitle");
        show();
    }

    /** (Re)draws the whole profile from a fresh read. */
    void show() {
        removeAll();
        RouterLink back = new RouterLink(getTranslation("customers.back"), CustomersView.class);
        back.setId("customers-back");
        add(back);
        ObjectNode profile;
        try {
            profile = customers.profile(id);
        } catch (QuanyuException e) {
            missing(e);
            return;
        }
        title = CustomerTexts.name(type, profile.get("record"), id);
        boolean writer = customers.canWrite();
        HorizontalLayout facts = new HorizontalLayout(section("customers.identities", ProfileSections.identities(profile)),
                section("customers.figures", ProfileSections.figures(profile)));
        facts.setWidthFull();
        facts.setAlignItems(FlexComponent.Alignment.START);
        add(new ProfileHeader(type, profile), facts,
                section("customers.tagsTitle", new TagEditor(customers, id, profile.path("tags"), writer, this::show)),
                section("messaging.consent.title", new ConsentPanel(messaging, profile.path("id").asString(id), writer)),
                section("customers.timeline", new TimelineList(customers, id)),
                new MergePanel(customers, type, id, profile, writer, this::reopen));
    }

    /** After a merge the customer on screen may be gone into another: shows that one, else this one again. */
    private void reopen(String customer) {
        if (customer == null || customer.equals(id)) {
            show();
        } else {
            getUI().ifPresent(ui -> ui.navigate(CustomerView.class, new RouteParameters("id", customer)));
        }
    }

    private void missing(QuanyuException e) {
        if (e.code() == ErrorCode.CUSTOMER_MERGED && e.details().get("survivor") instanceof String survivor) {
            Span merged = new Span(getTranslation("customers.mergedInto"));
            RouterLink link = new RouterLink(getTranslation("customers.openSurvivor"), CustomerView.class,
                    new RouteParameters("id", survivor));
            link.setId("customer-survivor");
            add(new HorizontalLayout(merged, link));
        } else if (e.code() == ErrorCode.CUSTOMER_NOT_FOUND) {
            Span none = new Span(getTranslation("customers.notFound"));
            none.setId("customer-not-found");
            add(none);
        } else {
            Notices.refused(e);
        }
    }

    static VerticalLayout section(String titleKey, Component content) {
        H3 heading = new H3(com.vaadin.flow.component.UI.getCurrent().getTranslation(titleKey));
        heading.getStyle().set("margin", "var(--lumo-space-s) 0 0 0").set("font-size", "var(--lumo-font-size-l)");
        VerticalLayout section = new VerticalLayout(heading, content);
        section.setPadding(false);
        section.setSpacing(false);
        section.setWidthFull();
        return section;
    }

    @Override
    public String getPageTitle() {
        return title;
    }
}
