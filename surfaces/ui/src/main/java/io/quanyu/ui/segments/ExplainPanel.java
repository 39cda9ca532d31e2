package io.quanyu.ui.segments;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import io.quanyu.conditions.Explanation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.segments.Membership;
import io.quanyu.segments.Segments;
import io.quanyu.ui.access.SegmentsWorkspace;
import io.quanyu.ui.customers.CustomerView;
import io.quanyu.ui.i18n.Languages;

import java.util.List;
import java.util.function.Function;

/**
 * Why a customer is in the segment or not: their membership, whether the rule matches their facts now, the deciding
 * reasons on one line and the whole rule with each condition's result, in the user's language; below, the
 * customer's memberships of every segment, current and past (when each was entered and last changed).
 */
final class ExplainPanel extends VerticalLayout {
    private final SegmentsWorkspace segments;
    private final Function<String, String> names;
    private final TextField customer = new TextField();
    private final Div result = new Div();
    private final Grid<Membership> history = new Grid<>();
    private final H4 historyTitle = new H4();
    private final Span noHistory = new Span();
    private String key;

    /** @param names a segment's name by its key */
    ExplainPanel(SegmentsWorkspace segments, Function<String, String> names) {
        this.segments = segments;
        this.names = names;
        customer.setId("segment-explain-customer");
        customer.setLabel(getTranslation("segments.explain.customer"));
        customer.setWidth("22em");
        customer.addKeyDownListener(com.vaadin.flow.component.Key.ENTER, e -> explain());
        Button go = new Button(getTranslation("segments.explain.button"), e -> explain());
        go.setId("segment-explain-button");
        HorizontalLayout ask = new HorizontalLayout(customer, go);
        ask.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        result.setId("segment-explain");
        historyTitle.setText(getTranslation("segments.history.title"));
        noHistory.setText(getTranslation("segments.history.none"));
        add(new H3(getTranslation("segments.explain.title")), ask, result, historyTitle, noHistory, history());
        setPadding(false);
        show(null);
    }

    private Grid<Membership> history() {
        history.setId("segment-history");
        history.addColumn(m -> names.apply(m.segment())).setHeader(getTranslation("segments.history.segment"))
                .setAutoWidth(true);
        history.addComponentColumn(m -> m.member()
                ? SegmentTexts.badge(getTranslation("segments.history.in"), "success")
                : SegmentTexts.badge(getTranslation("segments.history.out"), "contrast"))
                .setHeader(getTranslation("segments.history.state")).setAutoWidth(true);
        history.addColumn(m -> SegmentTexts.time(m.enteredAt())).setHeader(getTranslation("segments.history.entered"))
                .setAutoWidth(true);
        history.addColumn(m -> SegmentTexts.time(m.changedAt())).setHeader(getTranslation("segments.history.changed"))
                .setAutoWidth(true);
        history.addColumn(Membership::version).setHeader(getTranslation("segments.history.changes")).setAutoWidth(true);
        history.addThemeVariants(GridVariant.LUMO_COMPACT);
        history.setAllRowsVisible(true);
        return history;
    }

    /** Starts over for another segment (null: none). */
    void show(String key) {
        this.key = key;
        customer.clear();
        customer.setInvalid(false);
        result.removeAll();
        historyTitle.setVisible(false);
        noHistory.setVisible(false);
        history.setVisible(false);
    }

    /** Explains one customer, as when their id is typed and "Explain" pressed. */
    void explain(String id) {
        customer.setValue(id);
        explain();
    }

    private void explain() {
        customer.setInvalid(false);
        String id = customer.getValue().strip();
        if (id.isEmpty() || key == null) {
            customer.setErrorMessage(getTranslation("segments.explain.required"));
            customer.setInvalid(true);
            return;
        }
        try {
            render(segments.explain(key, id));
            List<Membership> memberships = segments.ofCustomer(id);
            history.setItems(memberships);
            historyTitle.setVisible(true);
            noHistory.setVisible(memberships.isEmpty());
            history.setVisible(!memberships.isEmpty());
        } catch (QuanyuException e) {
            result.removeAll();
            customer.setErrorMessage(e.getMessage());
            customer.setInvalid(true);
        }
    }

    private void render(Segments.Explained explained) {
        result.removeAll();
        boolean member = explained.member();
        boolean matches = explained.verdict().matched();
        result.getElement().setAttribute("data-member", String.valueOf(member));
        result.getElement().setAttribute("data-matches", String.valueOf(matches));
        HorizontalLayout head = new HorizontalLayout(SegmentTexts.badge(getTranslation(member
                ? "segments.explain.member" : "segments.explain.notMember"), member ? "success" : "contrast"),
                new RouterLink(getTranslation("segments.explain.open"), CustomerView.class,
                        new RouteParameters("id", explained.customer())));
        head.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        String state = getTranslation(matches ? "segments.explain.matches" : "segments.explain.doesNotMatch");
        Paragraph now = new Paragraph(matches == member ? state : state + " " + getTranslation("segments.explain.pending"));
        Paragraph summary = new Paragraph(getTranslation("segments.explain.because", chinese()
                ? explained.verdict().summaryZhCN() : explained.verdict().summary()));
        summary.addClassName("segment-explain-summary");
        UnorderedList tree = new UnorderedList(node(explained.verdict().explanation()));
        tree.addClassName("segment-explain-tree");
        result.add(head, now, summary, tree);
    }

    /** A node of the explanation with its result and sentence; a combinator's children below it. */
    private ListItem node(Explanation e) {
        ListItem item = new ListItem((e.matched() ? "✓ " : "✗ ") + (chinese() ? e.zhCN() : e.en()));
        item.addClassName("leaf".equals(e.node()) ? "explain-leaf" : "explain-group");
        item.getElement().setAttribute("data-matched", String.valueOf(e.matched()));
        item.getStyle().set("color", e.matched() ? "var(--lumo-success-text-color)" : "var(--lumo-error-text-color)");
        if (!e.children().isEmpty()) {
            item.add(new UnorderedList(e.children().stream().map(this::node).toArray(ListItem[]::new)));
        }
        return item;
    }

    private static boolean chinese() {
        return Languages.CHINESE.equals(Languages.current());
    }
}
