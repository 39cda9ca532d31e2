package io.quanyu.ui.customers;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/** The read-only parts of a profile: its identities, and its scores and aggregates as labelled figures. */
final class ProfileSections {
    private ProfileSections() {
    }

    static Grid<JsonNode> identities(JsonNode profile) {
        UI ui = UI.getCurrent();
        Grid<JsonNode> grid = new Grid<>();
        grid.setId("identities");
        grid.addColumn(i -> CustomerTexts.identityType(i.path("type").asString())).setHeader(ui.getTranslation("customers.identityType"))
                .setAutoWidth(true);
        grid.addColumn(ProfileSections::identityValue).setHeader(ui.getTranslation("customers.identityValue")).setAutoWidth(true);
        grid.addColumn(i -> i.path("source").asString("")).setHeader(ui.getTranslation("customers.identitySource")).setAutoWidth(true);
        grid.addColumn(i -> CustomerTexts.time(i.path("firstSeen").asString(null)))
                .setHeader(ui.getTranslation("customers.identityFirstSeen")).setAutoWidth(true);
        grid.setItems(StreamSupport.stream(profile.path("identities").spliterator(), false).toList());
        grid.setAllRowsVisible(true);
        grid.setWidthFull();
        return grid;
    }

    private static String identityValue(JsonNode identity) {
        String scope = identity.path("scope").asString("");
        String value = identity.path("value").asString("");
        return scope.isEmpty() ? value : scope + " | " + value;
    }

    /** Scores first (influence, R, F, M), then what the profile adds up: seen, orders, social, channels, counts. */
    static Div figures(JsonNode profile) {
        JsonNode scores = profile.path("scores");
        JsonNode a = profile.path("aggregates");
        JsonNode orders = a.path("orders");
        JsonNode social = a.path("social");
        Map<String, String> figures = new java.util.LinkedHashMap<>();
        figures.put("influence", scores.path("influence").asString("0"));
        figures.put("rfm", rfm(scores.path("rfm")));
        figures.put("firstSeen", CustomerTexts.time(a.path("firstSeen").asString(null)));
        figures.put("lastSeen", CustomerTexts.time(a.path("lastSeen").asString(null)));
        figures.put("orders", orders.path("count").asString("0"));
        figures.put("ordersAmount", amount(orders.path("amount")));
        figures.put("lastOrder", CustomerTexts.time(orders.path("lastAt").asString(null)));
        figures.put("shares", social.path("shares").asString("0"));
        figures.put("followers", social.path("followers").asString("0"));
        figures.put("referred", social.path("referredVisitors").asString("0") + " / "
                + social.path("referredCustomers").asString("0"));
        figures.put("channels", String.join(", ", texts(a.path("channels"))));
        figures.put("events", counts(a.path("counts")));
        Div grid = new Div();
        grid.setId("figures");
        grid.getStyle().set("display", "grid").set("grid-template-columns", "repeat(auto-fill, minmax(11em, 1fr))")
                .set("gap", "var(--lumo-space-s) var(--lumo-space-m)").set("width", "100%");
        figures.forEach((key, value) -> grid.add(figure(key, value)));
        return grid;
    }

    private static Component figure(String key, String value) {
        Span label = new Span(UI.getCurrent().getTranslation("customers.figure." + key));
        label.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        Span shown = new Span(value.isEmpty() ? "—" : value);
        shown.setId("figure-" + key);
        shown.getStyle().set("font-weight", "600");
        Div figure = new Div(label, new Div(shown));
        figure.getElement().setAttribute("role", "group");
        figure.getElement().setAttribute("aria-label", label.getText());
        return figure;
    }

    /** "R 5 · F 1 · M 2"; a dash without orders. */
    private static String rfm(JsonNode rfm) {
        int r = rfm.path("recency").asInt(0);
        int f = rfm.path("frequency").asInt(0);
        int m = rfm.path("monetary").asInt(0);
        return r + f + m == 0 ? "" : "R " + r + " · F " + f + " · M " + m;
    }

    private static String amount(JsonNode amount) {
        if (!amount.isNumber() && !amount.isString()) {
            return "0";
        }
        try {
            return new BigDecimal(amount.asString()).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return amount.asString();
        }
    }

    /** Event counts by type, most frequent first ("page_view 118, order 1"). */
    private static String counts(JsonNode counts) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>();
        counts.properties().forEach(e -> entries.add(Map.entry(e.getKey().replace("__", "."), e.getValue().asLong())));
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return String.join(", ", entries.stream().limit(6).map(e -> e.getKey() + " " + e.getValue()).toList());
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
    }
}
