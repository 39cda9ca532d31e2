package io.quanyu.ui.customers;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.records.RecordQuery;
import io.quanyu.ui.access.CustomerWorkspace;
import io.quanyu.ui.access.TenantWorkspace;
import io.quanyu.ui.i18n.Languages;
import io.quanyu.ui.records.CursorPages;
import io.quanyu.ui.shell.MainLayout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * The tenant's customers: a lazy grid of the customer records, newest first, with their stage, main scores and tags
 * from the customer 360; search by name, or by any identity the tenant knows (phone, e-mail, openid...); a row opens
 * the customer's profile.
 */
@Route(value = "customers", layout = MainLayout.class)
@Menu(title = "customers.nav", order = 40)
public class CustomersView extends VerticalLayout implements HasDynamicTitle {
    static final String BY_NAME = "";
    private static final List<String> CONTACT_FIELDS = List.of("phone", "email", "city");
    private final CustomerWorkspace customers;
    private final ObjectType type;
    private final CursorPages pages;
    private final Grid<CustomerRow> grid = new Grid<>();
    private final Span total = new Span();
    private final Select<String> searchBy = new Select<>();
    private final TextField searchFor = new TextField();

    /** A customer record with its profile summary (empty when it has none). */
    record CustomerRow(String id, JsonNode record, JsonNode summary) {
    }

    public CustomersView(TenantWorkspace workspace, CustomerWorkspace customers) {
        this.customers = customers;
        this.type = workspace.object("customer");
        this.pages = new CursorPages(q -> workspace.query("customer", q));
        total.setId("customers-total");
        configureGrid();
        add(new H2(getTranslation("customers.title")), searchBar(), total, grid);
        setSizeFull();
        showAll();
    }

    private HorizontalLayout searchBar() {
        List<String> modes = new ArrayList<>(List.of(BY_NAME));
        modes.addAll(customers.identityTypes());
        searchBy.setId("customer-search-by");
        searchBy.setLabel(getTranslation("customers.searchBy"));
        searchBy.setItems(modes);
        searchBy.setItemLabelGenerator(m -> m.isEmpty() ? getTranslation("customers.byName") : CustomerTexts.identityType(m));
        searchBy.setValue(BY_NAME);
        searchFor.setId("customer-search-for");
        searchFor.setLabel(getTranslation("customers.searchFor"));
        searchFor.setHelperText(getTranslation("customers.searchHelp"));
        searchFor.setWidth("22em");
        searchFor.addKeyDownListener(com.vaadin.flow.component.Key.ENTER, e -> search());
        Button find = new Button(getTranslation("customers.search"), e -> search());
        find.setId("customer-search");
        find.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button clear = new Button(getTranslation("customers.clearSearch"), e -> {
            searchFor.clear();
            searchBy.setValue(BY_NAME);
            showAll();
        });
        clear.setId("customer-search-clear");
        HorizontalLayout bar = new HorizontalLayout(searchBy, searchFor, find, clear);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        return bar;
    }

    private void search() {
        searchFor.setInvalid(false);
        String text = searchFor.getValue().strip();
        if (text.isEmpty()) {
            showAll();
        } else if (BY_NAME.equals(searchBy.getValue())) {
            pages.filter(JsonNodeFactory.instance.objectNode().put("field", nameField()).put("op", "contains").put("value", text));
            try {
                lazy();
            } catch (QuanyuException e) {
                searchFor.setErrorMessage(e.getMessage());
                searchFor.setInvalid(true);
            }
        } else {
            byIdentity(searchBy.getValue(), text);
        }
    }

    private void byIdentity(String identityType, String value) {
        Optional<String> owner;
        try {
            owner = customers.findByIdentity(identityType, value);
        } catch (QuanyuException e) {
            searchFor.setErrorMessage(e.getMessage());
            searchFor.setInvalid(true);
            return;
        }
        List<CustomerRow> rows = owner.map(id -> {
            ObjectNode profile = customers.profile(id);
            return List.of(new CustomerRow(id, profile.get("record"), summary(profile)));
        }).orElse(List.of());
        grid.setItems(rows);
        total.setText(rows.isEmpty() ? getTranslation("customers.noneWithIdentity") : getTranslation("customers.total", 1));
    }

    /** The list part of a full profile, shaped as the summaries are. */
    private static JsonNode summary(ObjectNode profile) {
        ObjectNode s = JsonNodeFactory.instance.objectNode().put("stage", profile.path("stage").asString(null));
        s.set("scores", profile.get("scores"));
        s.put("lastSeen", profile.path("aggregates").path("lastSeen").asString(null));
        var tags = s.putArray("tags");
        profile.path("tags").forEach(t -> tags.add(t.path("tag").asString()));
        return s;
    }

    private void showAll() {
        pages.filter(null);
        lazy();
    }

    private void lazy() {
        grid.setItems(q -> rows(q.getOffset(), q.getLimit(), q.getSortOrders().stream()
                .map(o -> new RecordQuery.Sort(o.getSorted(), o.getDirection() == SortDirection.DESCENDING)).toList()),
                q -> (int) Math.min(Integer.MAX_VALUE, pages.count()));
        total.setText(getTranslation("customers.total", pages.count()));
    }

    private java.util.stream.Stream<CustomerRow> rows(int offset, int limit, List<RecordQuery.Sort> sort) {
        List<ObjectNode> records = pages.window(offset, limit,
                sort.isEmpty() ? List.of(new RecordQuery.Sort("_createdAt", true)) : sort);
        List<String> ids = records.stream().map(r -> r.path("_id").asString()).toList();
        Map<String, ObjectNode> summaries = customers.summaries(ids);
        return records.stream().map(r -> new CustomerRow(r.path("_id").asString(), r,
                summaries.getOrDefault(r.path("_id").asString(), JsonNodeFactory.instance.objectNode())));
    }

    private void configureGrid() {
        grid.setId("customers");
        grid.addComponentColumn(this::nameLink).setHeader(label(nameField())).setKey("name")
                .setSortProperty(nameField()).setAutoWidth(true).setFlexGrow(1);
        for (String field : CONTACT_FIELDS) {
            type.field(field).ifPresent(f -> grid.addColumn(r -> r.record().path(field).asString(""))
                    .setHeader(Languages.label(f.label())).setKey(field).setSortProperty(field).setAutoWidth(true));
        }
        grid.addColumn(r -> CustomerTexts.stage(type, r.summary().path("stage").asString(null)))
                .setHeader(getTranslation("customers.stage")).setKey("stage").setAutoWidth(true);
        grid.addColumn(r -> r.summary().path("scores").path("influence").asString(""))
                .setHeader(getTranslation("customers.influence")).setKey("influence").setAutoWidth(true);
        grid.addColumn(r -> rfm(r.summary().path("scores").path("rfm")))
                .setHeader(getTranslation("customers.rfm")).setKey("rfm").setAutoWidth(true);
        grid.addComponentColumn(r -> tags(r.summary().path("tags"))).setHeader(getTranslation("customers.tags")).setKey("tags");
        grid.addColumn(r -> CustomerTexts.time(r.summary().path("lastSeen").asString(null)))
                .setHeader(getTranslation("customers.lastSeen")).setKey("lastSeen").setAutoWidth(true);
        grid.addItemClickListener(e -> open(e.getItem().id()));
        grid.setSizeFull();
    }

    private RouterLink nameLink(CustomerRow row) {
        RouterLink link = new RouterLink(CustomerTexts.name(type, row.record(), row.id()), CustomerView.class,
                new RouteParameters("id", row.id()));
        link.addClassName("customer-link");
        return link;
    }

    private static HorizontalLayout tags(JsonNode tags) {
        HorizontalLayout out = new HorizontalLayout();
        out.setSpacing(false);
        out.getStyle().set("gap", "var(--lumo-space-xs)").set("flex-wrap", "wrap");
        StreamSupport.stream(tags.spliterator(), false).forEach(t -> out.add(CustomerTexts.badge(t.asString(), "contrast small")));
        return out;
    }

    /** R-F-M as three digits (recency, frequency, monetary); blank for a customer without orders. */
    static String rfm(JsonNode rfm) {
        int r = rfm.path("recency").asInt(0);
        int f = rfm.path("frequency").asInt(0);
        int m = rfm.path("monetary").asInt(0);
        return r + f + m == 0 ? "" : "" + r + f + m;
    }

    private String nameField() {
        return type.displayField() == null ? "name" : type.displayField();
    }

    private String label(String field) {
        return type.field(field).map(f -> Languages.label(f.label())).orElse(field);
    }

    private void open(String id) {
        getUI().ifPresent(ui -> ui.navigate(CustomerView.class, new RouteParameters("id", id)));
    }

    @Override
    public String getPageTitle() {
        return getTranslation("customers.title");
    }
}
