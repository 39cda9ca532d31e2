package io.quanyu.ui.journeys;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.quanyu.journeys.JourneyPlugins;
import io.quanyu.messaging.Template;
import io.quanyu.segments.Segment;
import io.quanyu.ui.access.JourneysWorkspace;
import io.quanyu.ui.forms.SchemaForm;
import io.quanyu.ui.segments.FactChoices;
import io.quanyu.ui.segments.RuleEditor;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The side panel of the canvas: the settings of the selected step (or of the entry), written into the draft as they
 * are edited, with a picker for each of its paths and, for a step, a delete button. Pickers offer the tenant's
 * message templates, segments and the event types a journey commonly waits for (any other may be typed).
 */
final class NodePanel extends VerticalLayout {
    /** Event types offered in the pickers; the tenant's own may be typed. */
    static final List<String> EVENTS = List.of("wechat.subscribe", "wechat.unsubscribe", "wechat.message", "wechat.scan",
            "wechat.click", "order", "order_refunded", "order_cancelled", "page_view", "share");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final tools.jackson.core.type.TypeReference<Map<String, Object>> MAP = new tools.jackson.core.type.TypeReference<>() {
    };
    private final JourneysWorkspace workspace;
    private final Runnable changed;
    private final Consumer<String> delete;
    private JourneyDraft draft;
    private String id;
    private boolean editable;

    /**
     * @param changed called after every edit (the view draws the canvas again)
     * @param delete  called with the step the user deletes
     */
    NodePanel(JourneysWorkspace workspace, Runnable changed, Consumer<String> delete) {
        this.workspace = workspace;
        this.changed = changed;
        this.delete = delete;
        setId("journey-panel");
        setWidth("360px");
        setPadding(false);
        getStyle().set("flex", "none");
    }

    /** Shows the settings of {@code id} (the entry, a step, or none when empty). */
    void show(JourneyDraft draft, @Nullable String id, boolean editable) {
        this.draft = draft;
        this.id = id;
        this.editable = editable;
        removeAll();
        if (id == null || id.isEmpty() || (!JourneyDraft.ENTRY.equals(id) && draft.node(id) == null)) {
            add(new Paragraph(getTranslation("journeys.panel.empty")));
            return;
        }
        String type = draft.type(id);
        H4 title = new H4(JourneyDraft.ENTRY.equals(id) ? getTranslation("journeys.type.entry")
                : getTranslation("journeys.panel.node", getTranslation("journeys.type." + type), id));
        title.setId("journey-panel-title");
        add(title);
        if (JourneyDraft.ENTRY.equals(id)) {
            entry(draft.json());
        } else {
            step(type, draft.node(id));
        }
        paths();
        if (!JourneyDraft.ENTRY.equals(id) && editable) {
            Button remove = new Button(getTranslation("journeys.panel.delete"), VaadinIcon.TRASH.create(), e -> delete.accept(id));
            remove.setId("node-delete");
            remove.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            add(remove);
        }
        getChildren().forEach(this::lock);
    }

    private void lock(Component c) {
        if (!editable && c instanceof com.vaadin.flow.component.HasEnabled field) {
            field.setEnabled(false);
        }
    }

    private void edited() {
        changed.run();
    }

    // The entry, re-entry, exits and goal: the journey's own fields.
    private void entry(ObjectNode journey) {
        ObjectNode names = journey.get("names") instanceof ObjectNode n ? n : journey.putObject("names");
        add(text("journey-name-en", "journeys.entry.nameEn", names.path("en").asString(""), v -> names.put("en", v)));
        add(text("journey-name-zh", "journeys.entry.nameZh", names.path("zh-CN").asString(""), v -> names.put("zh-CN", v)));
        ObjectNode entry = journey.get("entry") instanceof ObjectNode e ? e : journey.putObject("entry");
        String kind = entry.has("segment") ? "segment" : entry.has("api") ? "api" : entry.has("schedule") ? "schedule"
                : entry.has("date") ? "date" : entry.has("trigger") ? "trigger" : "event";
        Select<String> kinds = select("entry-kind", "journeys.entry.kind", List.of("event", "segment", "date", "api", "schedule",
                        "trigger"),
                k -> getTranslation("journeys.entry.kind." + k), kind);
        add(kinds);
        VerticalLayout detail = new VerticalLayout();
        detail.setPadding(false);
        add(detail);
        Runnable fill = () -> {
            detail.removeAll();
            switch (kinds.getValue()) {
                case "segment" -> {
                    detail.add(segment("entry-segment", "journeys.entry.segment", entry.path("segment").asString(""),
                            v -> entry.put("segment", v)));
                    detail.add(select("entry-on", "journeys.entry.on", List.of("entered", "exited"),
                            o -> getTranslation("journeys.entry.on." + o), entry.path("on").asString("entered"), v -> entry.put("on", v)));
                }
                case "schedule" -> {
                    ObjectNode s = entry.get("schedule") instanceof ObjectNode o ? o : entry.putObject("schedule");
                    detail.add(text("entry-at", "journeys.entry.at", s.path("at").asString(""), v -> s.put("at", v)));
                    detail.add(text("entry-zone", "journeys.entry.zone", s.path("zone").asString("Asia/Shanghai"), v -> s.put("zone", v)));
                    detail.add(select("entry-every", "journeys.entry.every", List.of("once", "P1D", "P7D", "P1M"),
                            o -> getTranslation("journeys.entry.every." + o), s.path("every").asString("once"), v -> {
                                if ("once".equals(v)) {
                                    s.remove("every");
                                } else {
                                    s.put("every", v);
                                }
                            }));
                    detail.add(segment("entry-schedule-segment", "journeys.entry.segment", s.path("segment").asString(""),
                            v -> s.put("segment", v)));
                }
                case "date" -> {
                    ObjectNode d = entry.get("date") instanceof ObjectNode o ? o : entry.putObject("date");
                    ComboBox<String> field = choice("entry-date-field", "journeys.entry.dateField", workspace.dateFields(),
                            d.path("field").asString(""), v -> d.put("field", v));
                    Checkbox annual = new Checkbox(getTranslation("journeys.entry.annual"), d.path("annual").asBoolean(true));
                    annual.setId("entry-date-annual");
                    annual.addValueChangeListener(e -> {
                        d.put("annual", e.getValue());
                        edited();
                    });
                    IntegerField before = new IntegerField(getTranslation("journeys.entry.daysBefore"));
                    before.setId("entry-date-before");
                    before.setMin(0);
                    before.setMax(365);
                    before.setValue(d.path("daysBefore").asInt(0));
                    before.addValueChangeListener(e -> {
                        if (e.getValue() != null) {
                            d.put("daysBefore", e.getValue());
                            edited();
                        }
                    });
                    detail.add(field, annual, before,
                            text("entry-date-at", "journeys.entry.time", d.path("at").asString("09:00"), v -> d.put("at", v)),
                            text("entry-date-zone", "journeys.entry.zone", d.path("zone").asString("Asia/Shanghai"), v -> d.put("zone", v)));
                }
                case "trigger" -> {
                    ObjectNode t = entry.get("trigger") instanceof ObjectNode o ? o : entry.putObject("trigger");
                    plugin(detail, "entry-trigger", workspace.pluginSteps().getOrDefault("triggers", List.of()), t, "name");
                }
                case "api" -> {
                }
                default -> detail.add(event("entry-event", "journeys.entry.event", entry.path("event").asString(""),
                        v -> entry.put("event", v)));
            }
            detail.getChildren().forEach(this::lock);
        };
        kinds.addValueChangeListener(e -> {
            if (!e.isFromClient()) {
                return;
            }
            entry.removeAll();
            switch (e.getValue()) {
                case "segment" -> entry.put("on", "entered");
                case "api" -> entry.put("api", true);
                case "schedule" -> entry.putObject("schedule").put("zone", "Asia/Shanghai");
                case "date" -> entry.putObject("date").put("annual", true).put("daysBefore", 0).put("at", "09:00");
                case "trigger" -> entry.putObject("trigger").put("plugin", "").put("name", "").putObject("parameters");
                default -> {
                }
            }
            fill.run();
            edited();
        });
        fill.run();
        JsonNode reentry = journey.path("reentry");
        String policy = reentry.isObject() ? "after" : reentry.asString("never");
        IntegerField days = new IntegerField(getTranslation("journeys.entry.reentryDays"));
        days.setId("entry-reentry-days");
        days.setMin(1);
        days.setMax(3650);
        days.setValue(reentry.path("afterDays").asInt(30));
        days.setVisible("after".equals(policy));
        Select<String> reentries = select("entry-reentry", "journeys.entry.reentry", List.of("never", "always", "after"),
                o -> getTranslation("journeys.entry.reentry." + o), policy, v -> {
                    days.setVisible("after".equals(v));
                    if ("after".equals(v)) {
                        journey.putObject("reentry").put("afterDays", days.getValue() == null ? 30 : days.getValue());
                    } else {
                        journey.put("reentry", v);
                    }
                });
        days.addValueChangeListener(e -> {
            if (e.getValue() != null) {
                journey.putObject("reentry").put("afterDays", e.getValue());
                edited();
            }
        });
        add(reentries, days);
        List<String> exits = new ArrayList<>();
        journey.path("exits").forEach(x -> exits.add(x.path("event").asString()));
        add(text("entry-exits", "journeys.entry.exits", String.join(", ", exits), v -> {
            ArrayNode list = journey.putArray("exits");
            split(v).forEach(type -> list.addObject().put("event", type));
            if (list.isEmpty()) {
                journey.remove("exits");
            }
        }));
        add(event("entry-goal", "journeys.entry.goal", journey.path("goal").path("event").asString(""), v -> {
            if (v.isBlank()) {
                journey.remove("goal");
            } else {
                journey.putObject("goal").put("event", v);
            }
        }));
    }

    private void step(String type, ObjectNode node) {
        switch (type) {
            case "wait" -> add(new DurationInput("node-duration", getTranslation("journeys.node.duration"),
                    node.path("duration").asString(""), v -> set(node, "duration", v)));
            case "waitForEvent" -> {
                add(event("node-event", "journeys.node.event", node.path("event").asString(""), v -> node.put("event", v)));
                add(new DurationInput("node-timeout", getTranslation("journeys.node.timeout"),
                        node.path("timeout").asString(""), v -> set(node, "timeout", v)));
            }
            case "condition" -> condition(node);
            case "split" -> split(node);
            case "tag" -> {
                add(text("node-tags-add", "journeys.node.tagsAdd", JourneyTexts.list(node.path("add")), v -> list(node, "add", v)));
                add(text("node-tags-remove", "journeys.node.tagsRemove", JourneyTexts.list(node.path("remove")), v -> list(node, "remove", v)));
            }
            case "send" -> {
                ComboBox<String> template = combo("node-template", "journeys.node.template",
                        workspace.templates().stream().map(Template::name).toList(), node.path("template").asString(""));
                template.addValueChangeListener(e -> {
                    if (e.isFromClient()) {
                        set(node, "template", e.getValue() == null ? "" : e.getValue());
                    }
                });
                add(template);
                add(text("node-channels", "journeys.node.channels", JourneyTexts.list(node.path("channels")), v -> list(node, "channels", v)));
                add(select("node-purpose", "journeys.node.purpose", List.of("marketing", "transactional"),
                        p -> getTranslation("journeys.node.purpose." + p), node.path("purpose").asString("marketing"),
                        v -> node.put("purpose", v)));
            }
            case "webhook" -> {
                add(text("node-url", "journeys.node.url", node.path("url").asString(""), v -> node.put("url", v)));
                add(json("node-data", "journeys.node.data", node.path("data"), v -> {
                    if (v.isObject()) {
                        node.set("data", v);
                        return true;
                    }
                    return false;
                }));
            }
            case "action" -> plugin(this, "node-action", workspace.pluginSteps().getOrDefault("actions", List.of()), node, "action");
            case "update" -> add(json("node-fields", "journeys.node.fields", node.path("fields"), v -> {
                if (v.isObject()) {
                    node.set("fields", v);
                    return true;
                }
                return false;
            }));
            default -> {
            }
        }
    }

    /**
     * A plugin's action (or trigger): a picker of those the tenant's enabled plugins offer, by title, and a form
     * generated from the chosen one's parameter schema; one no longer offered keeps its parameters as JSON.
     */
    private void plugin(com.vaadin.flow.component.HasComponents into, String id, List<JourneyPlugins.Offered> offered,
                        ObjectNode holder, String nameField) {
        String language = io.quanyu.ui.i18n.Languages.current().toLanguageTag();
        String chosen = holder.path("plugin").asString("") + "/" + holder.path(nameField).asString("");
        List<String> keys = new ArrayList<>(offered.stream().map(o -> o.plugin() + "/" + o.name()).toList());
        boolean known = keys.contains(chosen);
        if (!known && !chosen.equals("/")) {
            keys.add(chosen);
        }
        ComboBox<String> box = combo(id, "journeys.node.plugin", keys, chosen.equals("/") ? "" : chosen);
        box.setItemLabelGenerator(key -> offered.stream().filter(o -> key.equals(o.plugin() + "/" + o.name())).findFirst()
                .map(o -> o.title(language) + " (" + o.plugin() + ")").orElse(key));
        if (offered.isEmpty()) {
            box.setHelperText(getTranslation("journeys.node.pluginNone"));
        }
        box.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null && !e.getValue().equals(chosen)) {
                String[] parts = e.getValue().split("/", 2);
                holder.put("plugin", parts[0]);
                holder.put(nameField, parts[1]);
                holder.set("parameters", F.objectNode());
                edited();
                show(draft, this.id, editable);
            }
        });
        into.add(box);
        Optional<JourneyPlugins.Offered> schema = offered.stream().filter(o -> chosen.equals(o.plugin() + "/" + o.name())).findFirst();
        if (schema.isEmpty()) {
            if (!chosen.equals("/")) {
                into.add(json(id + "-parameters", "journeys.node.parameters", holder.path("parameters"), v -> {
                    if (v.isObject()) {
                        holder.set("parameters", v);
                        return true;
                    }
                    return false;
                }));
            }
            return;
        }
        Map<String, Object> stored = JSON.convertValue(holder.path("parameters"), MAP);
        SchemaForm form = new SchemaForm(schema.get().parameters(), id + "-param-", "parameters", stored == null ? Map.of() : stored,
                formSources());
        form.setId(id + "-parameters");
        form.onChange(() -> {
            ObjectNode parameters = F.objectNode();
            form.values().forEach((name, value) -> {
                if (value != null) {
                    parameters.set(name, JSON.valueToTree(value));
                }
            });
            holder.set("parameters", parameters);
            edited();
        });
        into.add(form);
    }

    /** The segment picker and the rule editor for a plugin step's parameters. */
    private io.quanyu.ui.forms.FormSources formSources() {
        return new io.quanyu.ui.segments.SegmentSources(workspace::segments,
                () -> FactChoices.of(workspace.customerObject(), workspace.roleNames()));
    }

    /**
     * A condition step's rule in the segments' visual editor (conditions on the customer's facts, segment membership,
     * behaviour, nested groups), written into the draft in the condition language as it is edited.
     */
    private void condition(ObjectNode node) {
        RuleEditor editor = new RuleEditor(FactChoices.of(workspace.customerObject(), workspace.roleNames()));
        editor.setId("node-rule");
        editor.show(node.path("rule").isObject() ? node.path("rule") : F.objectNode().set("all", F.arrayNode()));
        editor.setReadOnly(!editable);
        editor.addChangeListener(() -> {
            node.set("rule", editor.rule());
            edited();
        });
        add(editor);
    }

    private void split(ObjectNode node) {
        add(new H4(getTranslation("journeys.node.arms")));
        ArrayNode arms = node.get("arms") instanceof ArrayNode a ? a : node.putArray("arms");
        for (int i = 0; i < arms.size(); i++) {
            ObjectNode arm = (ObjectNode) arms.get(i);
            int at = i;
            TextField name = new TextField();
            name.setId("arm-name-" + i);
            name.setValue(arm.path("name").asString(""));
            name.setWidth("6em");
            name.setAriaLabel(getTranslation("journeys.node.arm.name"));
            name.addValueChangeListener(e -> {
                arm.put("name", e.getValue().strip());
                edited();
            });
            IntegerField percent = new IntegerField();
            percent.setId("arm-percent-" + i);
            percent.setValue(arm.path("percent").asInt());
            percent.setWidth("5em");
            percent.setAriaLabel(getTranslation("journeys.node.arm.percent"));
            percent.addValueChangeListener(e -> {
                if (e.getValue() != null) {
                    arm.put("percent", e.getValue());
                    edited();
                }
            });
            Checkbox holdout = new Checkbox(getTranslation("journeys.node.arm.holdout"), arm.path("holdout").asBoolean(false));
            holdout.setId("arm-holdout-" + i);
            holdout.addValueChangeListener(e -> {
                if (e.getValue()) {
                    arm.put("holdout", true);
                } else {
                    arm.remove("holdout");
                }
                edited();
            });
            Button remove = new Button(VaadinIcon.CLOSE_SMALL.create(), e -> {
                arms.remove(at);
                edited();
                show(draft, id, editable);
            });
            remove.setAriaLabel(getTranslation("journeys.node.arm.remove"));
            remove.setEnabled(arms.size() > 2);
            HorizontalLayout row = new HorizontalLayout(name, percent, holdout, remove);
            row.setAlignItems(Alignment.BASELINE);
            add(row);
        }
        Button addArm = new Button(getTranslation("journeys.node.arm.add"), VaadinIcon.PLUS.create(), e -> {
            arms.addObject().put("name", String.valueOf((char) ('A' + arms.size()))).put("percent", 0);
            edited();
            show(draft, id, editable);
        });
        addArm.setId("arm-add");
        addArm.setEnabled(arms.size() < 10);
        add(addArm);
        JsonNode experiment = node.path("experiment");
        IntegerField min = new IntegerField(getTranslation("journeys.node.minPerArm"));
        min.setId("node-min-per-arm");
        min.setMin(10);
        min.setValue(experiment.path("minPerArm").asInt(100));
        NumberField confidence = new NumberField(getTranslation("journeys.node.confidence"));
        confidence.setId("node-confidence");
        confidence.setMin(0.8);
        confidence.setMax(0.999);
        confidence.setStep(0.01);
        confidence.setValue(experiment.path("confidence").asDouble(0.95));
        Checkbox test = new Checkbox(getTranslation("journeys.node.experiment"), experiment.isObject());
        test.setId("node-experiment");
        Runnable write = () -> {
            min.setVisible(test.getValue());
            confidence.setVisible(test.getValue());
            if (test.getValue() && min.getValue() != null && confidence.getValue() != null) {
                node.putObject("experiment").put("minPerArm", min.getValue()).put("confidence", confidence.getValue());
            } else {
                node.remove("experiment");
            }
        };
        write.run();
        test.addValueChangeListener(e -> {
            write.run();
            edited();
        });
        min.addValueChangeListener(e -> {
            write.run();
            edited();
        });
        confidence.addValueChangeListener(e -> {
            write.run();
            edited();
        });
        add(test, min, confidence);
    }

    /** A picker per path of the step: the step it leads to, or none. */
    private void paths() {
        List<JourneyDraft.Path> paths = draft.paths(id);
        if (paths.isEmpty()) {
            return;
        }
        add(new H4(getTranslation("journeys.panel.paths")));
        String none = getTranslation("journeys.port.none");
        for (JourneyDraft.Path path : paths) {
            String label = path.port().startsWith("arm:") ? path.port().substring(4) : getTranslation("journeys.port." + path.port());
            List<String> targets = new ArrayList<>();
            targets.add("");
            targets.addAll(draft.targets(id));
            String target = path.target();
            Select<String> picker = select("path-" + path.port().replace(':', '-'), null, targets,
                    t -> t.isEmpty() ? none : t + " \u00b7 " + getTranslation("journeys.type." + draft.type(t)),
                    target == null || draft.node(target) == null ? "" : target, v -> {
                        if (v.isEmpty()) {
                            draft.disconnect(id, path.port());
                        } else {
                            draft.connect(id, path.port(), v);
                        }
                    });
            picker.setLabel(label);
            add(picker);
        }
    }

    private void set(ObjectNode node, String field, String value) {
        node.put(field, value);
        edited();
    }

    private void list(ObjectNode node, String field, String text) {
        ArrayNode list = node.putArray(field);
        split(text).forEach(list::add);
        if (list.isEmpty() && !"channels".equals(field)) {
            node.remove(field);
        }
    }

    private static List<String> split(String text) {
        return Arrays.stream(text.split("[,，\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private TextField text(String id, String label, String value, Consumer<String> write) {
        TextField field = new TextField(getTranslation(label));
        field.setId(id);
        field.setWidthFull();
        field.setValue(value);
        field.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.ON_BLUR);
        field.addValueChangeListener(e -> {
            write.accept(e.getValue().strip());
            edited();
        });
        return field;
    }

    private ComboBox<String> event(String id, String label, String value, Consumer<String> write) {
        List<String> items = new ArrayList<>(EVENTS);
        if (!value.isEmpty() && !items.contains(value)) {
            items.add(value);
        }
        ComboBox<String> box = combo(id, label, items, value);
        box.setAllowCustomValue(true);
        box.addCustomValueSetListener(e -> {
            List<String> more = new ArrayList<>(items);
            more.add(e.getDetail());
            box.setItems(more);
            box.setValue(e.getDetail());
        });
        box.addValueChangeListener(e -> {
            write.accept(e.getValue() == null ? "" : e.getValue().strip());
            edited();
        });
        return box;
    }

    private ComboBox<String> segment(String id, String label, String value, Consumer<String> write) {
        return choice(id, label, workspace.segments().stream().map(Segment::key).toList(), value, write);
    }

    /** A combo box of the items showing {@code value} (none when empty). */
    private ComboBox<String> combo(String id, String label, List<String> items, String value) {
        ComboBox<String> box = new ComboBox<>(getTranslation(label));
        box.setId(id);
        box.setWidthFull();
        box.setItems(items);
        if (!value.isEmpty()) {
            box.setValue(value);
        }
        return box;
    }

    /** A combo box of the items whose choice by the user is written (a cleared box writes nothing). */
    private ComboBox<String> choice(String id, String label, List<String> items, String value, Consumer<String> write) {
        ComboBox<String> box = combo(id, label, items, value);
        box.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                write.accept(e.getValue());
                edited();
            }
        });
        return box;
    }

    private Select<String> select(String id, @Nullable String label, List<String> items,
                                  com.vaadin.flow.component.ItemLabelGenerator<String> labels, String value) {
        Select<String> select = new Select<>();
        select.setId(id);
        if (label != null) {
            select.setLabel(getTranslation(label));
        }
        select.setItems(items);
        select.setItemLabelGenerator(labels);
        select.setValue(items.contains(value) ? value : items.getFirst());
        select.setWidthFull();
        return select;
    }

    private Select<String> select(String id, @Nullable String label, List<String> items,
                                  com.vaadin.flow.component.ItemLabelGenerator<String> labels, String value, Consumer<String> write) {
        Select<String> select = select(id, label, items, labels, value);
        select.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                write.accept(e.getValue());
                edited();
            }
        });
        return select;
    }

    /** A JSON text area: written when it parses and {@code write} takes it, else marked invalid. */
    private TextArea json(String id, String label, JsonNode value, java.util.function.Predicate<JsonNode> write) {
        TextArea area = new TextArea(getTranslation(label));
        area.setId(id);
        area.setWidthFull();
        area.setValue(value.isMissingNode() ? "" : value.toPrettyString());
        area.addValueChangeListener(e -> {
            if (!e.isFromClient()) {
                return;
            }
            try {
                JsonNode parsed = JSON.readTree(e.getValue());
                boolean taken = parsed != null && write.test(parsed);
                area.setInvalid(!taken);
                if (taken) {
                    edited();
                }
            } catch (JacksonException ex) {
                area.setInvalid(true);
                area.setErrorMessage(getTranslation("journeys.node.rule.invalid", ex.getOriginalMessage()));
            }
        });
        return area;
    }
}
