package io.quanyu.ui.journeys;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.Route;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.journeys.Definition;
import io.quanyu.journeys.Journey;
import io.quanyu.ui.access.JourneysWorkspace;
import io.quanyu.ui.shell.MainLayout;
import io.quanyu.ui.shell.MenuAccess;
import io.quanyu.ui.shell.Notices;
import io.quanyu.ui.shell.Poller;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.util.List;
import java.util.Map;

/**
 * Journeys: the tenant's journeys, and the canvas of one. Steps are dragged in from the palette, connected on the
 * canvas (or with the side panel's path pickers) and set up in the side panel; the draft is checked as the server
 * checks it (every problem marked on its step and listed), saved over the revision it was opened at, and published
 * through a dialog that previews what becomes of the customers in older versions. While a published journey is open,
 * the canvas shows how many customers are at each step, polled every two seconds.
 */
@Route(value = "journeys", layout = MainLayout.class)
@Menu(title = "journeys.nav", order = 43)
@MenuAccess(TenantAccess.READ)
public class JourneysView extends VerticalLayout implements HasDynamicTitle {
    private static final int POLL_MS = 2000;
    private final JourneysWorkspace workspace;
    private final JourneyTexts texts = new JourneyTexts();
    private final Grid<Journey> list = new Grid<>();
    private final JourneyCanvas canvas = new JourneyCanvas();
    private final NodePanel panel;
    private final Span heading = new Span();
    private final Div problems = new Div();
    private final Button save;
    private final Button publish;
    private final Button stop;
    private final Button start;
    private final Button versions;
    private final Button test;
    private final Button undo;
    private final Button redo;
    private final DraftHistory history = new DraftHistory();
    private final VerticalLayout editor;
    private @Nullable Journey journey;
    private String key;
    private JourneyDraft draft;
    private @Nullable String selected;
    private List<FieldViolation> violations = List.of();
    /** Whether the draft was edited since it was opened or saved. */
    private boolean dirty;
    private final Poller poller = new Poller(this, POLL_MS, this::showCounts);

    /** @param customers where test mode finds the customer to run the draft for */
    public JourneysView(JourneysWorkspace workspace, io.quanyu.ui.access.CustomerWorkspace customers) {
        this.workspace = workspace;
        boolean editable = workspace.canChange();
        list.setId("journeys-grid");
        list.addColumn(JourneyTexts::name).setHeader(getTranslation("journeys.name")).setFlexGrow(3);
        list.addColumn(Journey::key).setHeader(getTranslation("journeys.key")).setFlexGrow(2);
        list.addColumn(JourneyTexts::status).setHeader(getTranslation("journeys.status"));
        list.addColumn(Journey::published).setHeader(getTranslation("journeys.version"));
        list.setAllRowsVisible(true);
        list.addSelectionListener(e -> {
            if (e.isFromClient()) {
                e.getFirstSelectedItem().ifPresent(j -> open(workspace.get(j.key())));
            }
        });
        Button create = new Button(getTranslation("journeys.new"), VaadinIcon.PLUS.create(),
                e -> new NewJourneyDialog(workspace, this::create).open());
        create.setId("journey-new");
        create.setEnabled(editable);

        panel = new NodePanel(workspace, () -> {
            dirty = true;
            remember();
            check();
            drawCanvas();
        }, this::deleteNode);
        canvas.onDrop(d -> {
            selected = draft.add(d.type(), d.x(), d.y());
            edited();
        });
        canvas.onMove(m -> {
            draft.move(m.id(), m.x(), m.y());
            dirty = true;
            remember();
        });
        canvas.onConnect(c -> {
            draft.connect(c.source(), c.port(), c.target());
            edited();
        });
        canvas.onDisconnect(c -> {
            draft.disconnect(c.source(), c.port());
            edited();
        });
        canvas.onSelect(id -> {
            selected = id.isEmpty() ? null : id;
            draw();
        });
        canvas.setReadOnly(!editable);
        ArrayNode palette = JsonNodeFactory.instance.arrayNode();
        JourneyDraft.TYPES.forEach(t -> palette.addObject().put("type", t).put("label", getTranslation("journeys.type." + t)));
        canvas.palette(palette);

        save = new Button(getTranslation("journeys.save"), VaadinIcon.CHECK.create(), e -> save());
        save.setId("journey-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        publish = new Button(getTranslation("journeys.publish"), VaadinIcon.PLAY.create(), e -> publish());
        publish.setId("journey-publish");
        stop = new Button(getTranslation("journeys.stop"), VaadinIcon.STOP.create(), e -> status(false));
        stop.setId("journey-stop");
        start = new Button(getTranslation("journeys.start"), VaadinIcon.PLAY_CIRCLE.create(), e -> status(true));
        start.setId("journey-start");
        versions = new Button(getTranslation("journeys.versions"), VaadinIcon.TIME_BACKWARD.create(),
                e -> new VersionsDialog(workspace, key, workspace.canChange(), this::restore).open());
        versions.setId("journey-versions-open");
        test = new Button(getTranslation("journeys.test"), VaadinIcon.FLASK.create(), e -> {
            if (saved()) {
                new TestDialog(workspace, customers, key).open();
            }
        });
        test.setId("journey-test");
        undo = new Button(getTranslation("journeys.undo"), VaadinIcon.ARROW_BACKWARD.create(), e -> travel(true));
        undo.setId("journey-undo");
        undo.addClickShortcut(com.vaadin.flow.component.Key.KEY_Z, com.vaadin.flow.component.KeyModifier.CONTROL).listenOn(canvas);
        redo = new Button(getTranslation("journeys.redo"), VaadinIcon.ARROW_FORWARD.create(), e -> travel(false));
        redo.setId("journey-redo");
        redo.addClickShortcut(com.vaadin.flow.component.Key.KEY_Y, com.vaadin.flow.component.KeyModifier.CONTROL).listenOn(canvas);
        redo.addClickShortcut(com.vaadin.flow.component.Key.KEY_Z, com.vaadin.flow.component.KeyModifier.CONTROL,
                com.vaadin.flow.component.KeyModifier.SHIFT).listenOn(canvas);
        List.of(undo, redo).forEach(b -> {
            b.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            b.setEnabled(false);
        });
        Button fit = new Button(getTranslation("journeys.fit"), VaadinIcon.EXPAND_SQUARE.create(), e -> canvas.fit());
        fit.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        List.of(save, publish, test, stop, start).forEach(b -> b.setEnabled(editable));
        heading.setId("journey-heading");
        problems.setId("journey-problems");
        HorizontalLayout toolbar = new HorizontalLayout(save, publish, test, stop, start, versions, undo, redo, fit);
        HorizontalLayout body = new HorizontalLayout(canvas, panel);
        body.setWidthFull();
        body.setFlexGrow(1, canvas);
        editor = new VerticalLayout(heading, toolbar, body, problems);
        editor.setPadding(false);
        editor.setWidthFull();
        editor.setVisible(false);
        add(new H2(getTranslation("journeys.title")), list, create, editor);
        setWidthFull();
        refreshList();
    }

    private void refreshList() {
        list.setItems(workspace.list());
    }

    /** Opens a new journey (not saved yet) from a template's draft. */
    private void create(String newKey, JsonNode draftJson) {
        open(null, newKey, draftJson);
    }

    private void open(Journey saved) {
        open(saved, saved.key(), saved.draft());
    }

    private void open(@Nullable Journey saved, String openedKey, JsonNode draftJson) {
        journey = saved;
        key = openedKey;
        draft = new JourneyDraft(draftJson);
        history.reset(draft.json());
        undoable();
        selected = JourneyDraft.ENTRY;
        violations = List.of();
        dirty = false;
        canvas.counts(JsonNodeFactory.instance.objectNode());
        editor.setVisible(true);
        describe();
        draw();
        canvas.fit();
        follow();
    }

    private void describe() {
        String name = JourneyTexts.name(names(), key);
        heading.setText(journey == null ? name + " (" + key + ") \u00b7 " + getTranslation("journeys.unsaved")
                : getTranslation("journeys.editing", name, key, JourneyTexts.status(journey), journey.published(), journey.revision()));
        boolean live = journey != null && Journey.LIVE.equals(journey.status());
        boolean editable = workspace.canChange();
        publish.setEnabled(editable && journey != null);
        stop.setEnabled(editable && live);
        start.setEnabled(editable && journey != null && Journey.STOPPED.equals(journey.status()));
        versions.setEnabled(journey != null && journey.published() > 0);
    }

    private Map<String, String> names() {
        Map<String, String> names = new java.util.HashMap<>();
        draft.json().path("names").properties().forEach(e -> names.put(e.getKey(), e.getValue().asString()));
        return names;
    }

    /** After an edit on the canvas: checked as the server checks a draft, drawn again with the panel. */
    private void edited() {
        dirty = true;
        remember();
        check();
        draw();
    }

    /** Keeps the draft as the edit left it for undo. */
    private void remember() {
        history.record(draft.json());
        undoable();
    }

    private void undoable() {
        boolean editable = workspace.canChange();
        undo.setEnabled(editable && history.canUndo());
        redo.setEnabled(editable && history.canRedo());
    }

    /** Undoes the last edit (or redoes the last undone one): the draft as it was then, checked and drawn again. */
    private void travel(boolean back) {
        if (back ? !history.canUndo() : !history.canRedo()) {
            return;
        }
        draft = new JourneyDraft(back ? history.undo() : history.redo());
        dirty = true;
        undoable();
        check();
        draw();
    }

    private void check() {
        try {
            Definition.parse(draft.json());
            violations = List.of();
        } catch (QuanyuException e) {
            violations = e.violations();
        }
    }

    /** Draws the canvas and the panel of the selected step. */
    private void draw() {
        panel.show(draft, selected, workspace.canChange());
        drawCanvas();
    }

    /**
     * Draws the canvas and lists the problems, leaving the panel as it is (an edit in the panel keeps its fields and
     * their focus).
     */
    private void drawCanvas() {
        var at = JourneyDraft.problems(violations);
        canvas.draw(draft.graph(texts, selected, at.keySet()));
        problems.removeAll();
        if (!violations.isEmpty()) {
            UnorderedList items = new UnorderedList();
            violations.forEach(v -> items.add(new ListItem(JourneyTexts.violation(v))));
            problems.add(new Span(getTranslation("journeys.problems")), items);
        }
    }

    /** Opens a published version's definition as the draft, unsaved: saving it makes it the draft. */
    private void restore(io.quanyu.journeys.JourneyVersion version) {
        draft = new JourneyDraft(version.definition());
        selected = JourneyDraft.ENTRY;
        dirty = true;
        edited();
        canvas.fit();
        Notices.success(getTranslation("journeys.versions.restored", version.version()));
    }

    private void deleteNode(String id) {
        draft.remove(id);
        selected = null;
        edited();
    }

    private boolean save() {
        try {
            journey = workspace.put(key, draft.json(), journey == null ? 0 : journey.revision());
            violations = List.of();
            dirty = false;
            Notices.success(getTranslation("journeys.saved", key, journey.revision()));
            refreshList();
            describe();
            draw();
            return true;
        } catch (QuanyuException e) {
            if (e.code() == ErrorCode.VERSION_CONFLICT) {
                Notices.failed(getTranslation("journeys.conflict", e.getMessage()));
            } else if (!e.violations().isEmpty()) {
                violations = e.violations();
                draw();
            } else {
                Notices.refused(e);
            }
            return false;
        }
    }

    /** Whether the draft as edited is saved, saving it now when it was edited (false when the save is refused). */
    private boolean saved() {
        return !dirty && journey != null || save();
    }

    /** Publishes the draft as saved, saving it first when it was edited. */
    private void publish() {
        if (!saved()) {
            return;
        }
        new PublishDialog(workspace, journey, draft, published -> {
            journey = published;
            refreshList();
            describe();
            follow();
        }, refused -> {
            violations = refused;
            draw();
        }).open();
    }

    private void status(boolean live) {
        try {
            journey = live ? workspace.start(key) : workspace.stop(key);
            Notices.success(getTranslation(live ? "journeys.started" : "journeys.stopped", key));
            refreshList();
            describe();
        } catch (QuanyuException e) {
            Notices.refused(e);
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        follow();
    }

    /** Polls the open journey's counts while it has a published version. */
    private void follow() {
        if (journey == null || journey.published() == 0 || poller.running()) {
            return;
        }
        showCounts();
        poller.start();
    }

    private void showCounts() {
        if (journey != null && journey.published() > 0) {
            canvas.counts(JourneyTexts.badges(workspace.counts(journey.key())));
        }
    }

    @Override
    public String getPageTitle() {
        return getTranslation("journeys.title");
    }
}
