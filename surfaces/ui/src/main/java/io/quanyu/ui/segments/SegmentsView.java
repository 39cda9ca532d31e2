package io.quanyu.ui.segments;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.segments.Segment;
import io.quanyu.ui.access.SegmentsWorkspace;
import io.quanyu.ui.access.TenantWorkspace;
import io.quanyu.ui.shell.MainLayout;
import io.quanyu.ui.shell.MenuAccess;

/**
 * Segments: the tenant's segments with their sizes; the editor of one (names, the rule in the visual editor, which
 * offers the customer fields the user may read, the live count of the rule being written); and for a saved segment
 * how many customers entered and left it each day, its members and why a customer is in or out. While a segment's
 * profiles are being evaluated against a new version, the page polls until they all are.
 */
@Route(value = "segments", layout = MainLayout.class)
@Menu(title = "segments.nav", order = 42)
@MenuAccess(TenantAccess.READ)
public class SegmentsView extends VerticalLayout implements HasDynamicTitle {
    private static final int POLL_MS = 1500;
    private final SegmentList list;
    private final SegmentEditor editor;
    private final HistoryPanel history;
    private final MembersPanel members;
    private final ExplainPanel explain;
    private final VerticalLayout savedPanels;
    private String current;
    private final io.quanyu.ui.shell.Poller poller;

    /** @param workspace where the customer object's definition is read, for the fields a rule may read */
    public SegmentsView(SegmentsWorkspace segments, TenantWorkspace workspace) {
        list = new SegmentList(segments);
        poller = new io.quanyu.ui.shell.Poller(this, POLL_MS, this::polled);
        editor = new SegmentEditor(segments,
                FactChoices.of(workspace.object("customer"), workspace.user().roleNames()), this::saved, this::deleted);
        explain = new ExplainPanel(segments, key -> list.find(key).map(SegmentTexts::name).orElse(key));
        members = new MembersPanel(segments, explain::explain);
        history = new HistoryPanel(segments);
        list.addSelectionListener(e -> {
            if (e.isFromClient()) {
                e.getFirstSelectedItem().ifPresent(this::open);
            }
        });
        Button create = new Button(getTranslation("segments.new"), VaadinIcon.PLUS.create(), e -> create());
        create.setId("segment-new");
        create.setEnabled(segments.canChange());
        savedPanels = new VerticalLayout(history, members, explain);
        savedPanels.setPadding(false);
        savedPanels.setWidthFull();
        add(new H2(getTranslation("segments.title")), list, create, editor, savedPanels);
        setWidthFull();
        list.refresh();
        create();
    }

    private void create() {
        current = null;
        list.deselectAll();
        editor.create();
        savedPanels.setVisible(false);
    }

    private void open(Segment segment) {
        current = segment.key();
        editor.edit(segment);
        showSaved();
    }

    private void showSaved() {
        history.show(current);
        members.show(current, list.count(current));
        explain.show(current);
        savedPanels.setVisible(true);
    }

    private void saved(Segment segment) {
        current = segment.key();
        list.refresh();
        list.find(current).ifPresent(list::select);
        showSaved();
        follow();
    }

    private void deleted() {
        list.refresh();
        create();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        follow();
    }

    /** Polls while some segment's profiles are being evaluated. */
    private void follow() {
        if (list.evaluating()) {
            poller.start();
        }
    }

    private void polled() {
        list.refresh();
        if (!list.evaluating()) {
            poller.stop();
            if (current != null) {
                history.show(current);
                members.show(current, list.count(current));
            }
        }
    }

    @Override
    public String getPageTitle() {
        return getTranslation("segments.title");
    }
}
