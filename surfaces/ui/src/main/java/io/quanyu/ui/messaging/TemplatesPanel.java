package io.quanyu.ui.messaging;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.messaging.Delivery;
import io.quanyu.messaging.SendCommand;
import io.quanyu.messaging.Template;
import io.quanyu.ui.access.MessagingWorkspace;
import io.quanyu.ui.shell.Notices;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The template library: a template's content per channel and language, written in plain fields (the provider's
 * template code, subject, text, HTML, and any other entries as JSON), with personal content in {@code {{...}}}
 * ({@code {{customer.name}}}, {@code {{profile.stage}}}, {@code {{vars.code}}}); previewed for a customer and sent
 * to one through the delivery service, with fallback channels.
 */
final class TemplatesPanel extends VerticalLayout {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final List<String> LOCALES = List.of("zh-CN", "en");
    private static final List<String> FIELDS = List.of("template", "subject", "text", "html");
    private final MessagingWorkspace messaging;
    private final CustomerPicker customer;
    private final Runnable sent;
    private final Grid<Template> grid = new Grid<>();
    private final TextField name = new TextField();
    private final TextField description = new TextField();
    private final Select<String> channel = new Select<>();
    private final Select<String> locale = new Select<>();
    private final Map<String, TextArea> fields = new LinkedHashMap<>();
    private final TextArea other = new TextArea();
    private final Div preview = new Div();
    private final Select<String> fallback = new Select<>();
    private final com.vaadin.flow.component.combobox.ComboBox<io.quanyu.segments.Segment> segment = new com.vaadin.flow.component.combobox.ComboBox<>();
    private final Select<String> purpose = new Select<>();
    private final Span result = new Span();
    /** The content being edited: channel, then language, then entries. */
    private Map<String, Map<String, Map<String, Object>>> draft = new LinkedHashMap<>();
    private String shownChannel;
    private String shownLocale;

    TemplatesPanel(MessagingWorkspace messaging, CustomerPicker customer, Runnable sent) {
        this.messaging = messaging;
        this.customer = customer;
        this.sent = sent;
        grid.setId("templates-grid");
        grid.addColumn(Template::name).setHeader(getTranslation("messaging.template.name")).setAutoWidth(true);
        grid.addColumn(t -> String.join(", ", new TreeSet<>(t.channels().keySet()))).setHeader(getTranslation("messaging.template.channels"));
        grid.addColumn(Template::description).setHeader(getTranslation("messaging.template.description"));
        grid.addColumn(Template::version).setHeader(getTranslation("messaging.template.version")).setAutoWidth(true);
        grid.setAllRowsVisible(true);
        grid.addSelectionListener(e -> e.getFirstSelectedItem().ifPresent(this::edit));
        Button create = new Button(getTranslation("messaging.template.new"), e -> edit(null));
        create.setId("template-new");
        create.setEnabled(messaging.canChangeTemplates());
        add(grid, create, editor(), sender());
        setPadding(false);
        refresh();
        edit(null);
    }

    private void refresh() {
        grid.setItems(messaging.templates());
    }

    private VerticalLayout editor() {
        name.setId("template-name");
        name.setLabel(getTranslation("messaging.template.name"));
        name.setHelperText(getTranslation("messaging.template.nameHelp"));
        description.setId("template-description");
        description.setLabel(getTranslation("messaging.template.description"));
        description.setWidth("24em");
        channel.setId("template-channel");
        channel.setLabel(getTranslation("messaging.template.channel"));
        locale.setId("template-locale");
        locale.setLabel(getTranslation("messaging.template.locale"));
        locale.setItems(LOCALES);
        locale.setItemLabelGenerator(l -> getTranslation("messaging.locale." + l));
        channel.addValueChangeListener(e -> show());
        locale.addValueChangeListener(e -> show());
        for (String f : FIELDS) {
            TextArea area = new TextArea(getTranslation("messaging.field." + f));
            area.setId("template-field-" + f);
            area.setWidthFull();
            if (!"html".equals(f)) {
                area.setMaxHeight("6em");
            }
            fields.put(f, area);
        }
        other.setId("template-field-other");
        other.setLabel(getTranslation("messaging.field.other"));
        other.setHelperText(getTranslation("messaging.field.otherHelp"));
        other.setWidthFull();
        Button save = new Button(getTranslation("messaging.template.save"), e -> save());
        save.setId("template-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button delete = new Button(getTranslation("messaging.template.delete"), e -> delete());
        delete.setId("template-delete");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        boolean may = messaging.canChangeTemplates();
        save.setEnabled(may);
        delete.setEnabled(may);
        HorizontalLayout head = new HorizontalLayout(name, description, channel, locale);
        head.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        head.setWrap(true);
        VerticalLayout box = new VerticalLayout(new H3(getTranslation("messaging.template.editor")), head);
        fields.values().forEach(box::add);
        box.add(other, new HorizontalLayout(save, delete));
        box.setPadding(false);
        return box;
    }

    private VerticalLayout sender() {
        Button show = new Button(getTranslation("messaging.preview"), e -> preview());
        show.setId("template-preview-button");
        fallback.setId("send-fallback");
        fallback.setLabel(getTranslation("messaging.send.fallback"));
        fallback.setEmptySelectionAllowed(true);
        fallback.setEmptySelectionCaption(getTranslation("messaging.send.noFallback"));
        purpose.setId("send-purpose");
        purpose.setLabel(getTranslation("messaging.send.purpose"));
        purpose.setItems(SendCommand.MARKETING, SendCommand.TRANSACTIONAL);
        purpose.setItemLabelGenerator(p -> getTranslation("messaging.purpose." + p));
        purpose.setValue(SendCommand.MARKETING);
        Button send = new Button(getTranslation("messaging.send"), e -> send());
        send.setId("template-send");
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        send.setEnabled(messaging.canSend());
        preview.setId("template-preview");
        result.setId("send-result");
        HorizontalLayout row = new HorizontalLayout(customer, fallback, purpose, show, send);
        row.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        row.setWrap(true);
        segment.setId("send-segment");
        segment.setWidth("24em");
        segment.setLabel(getTranslation("messaging.send.segment"));
        segment.setItemLabelGenerator(s -> s.names().getOrDefault(getLocale().getLanguage().equals("zh") ? "zh-CN" : "en",
                s.names().values().iterator().next()) + " (" + s.key() + ")");
        segment.setItems(messaging.segments());
        Button toSegment = new Button(getTranslation("messaging.send.toSegment"), e -> sendToSegment());
        toSegment.setId("template-send-segment");
        toSegment.setEnabled(messaging.canSend());
        HorizontalLayout segmentRow = new HorizontalLayout(segment, toSegment);
        segmentRow.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        VerticalLayout box = new VerticalLayout(new H3(getTranslation("messaging.previewAndSend")),
                new Span(getTranslation("messaging.previewHelp")), row, segmentRow, result, preview);
        box.setPadding(false);
        return box;
    }

    /** Shows a template for editing, or an empty one ({@code null}). */
    private void edit(Template t) {
        draft = new LinkedHashMap<>();
        if (t != null) {
            t.channels().forEach((ch, byLocale) -> {
                Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
                byLocale.forEach((l, content) -> copy.put(l, new LinkedHashMap<>(content)));
                draft.put(ch, copy);
            });
        }
        name.setValue(t == null ? "" : t.name());
        name.setReadOnly(t != null);
        description.setValue(t == null || t.description() == null ? "" : t.description());
        TreeSet<String> names = new TreeSet<>(draft.keySet());
        messaging.channels().forEach(c -> names.add(c.name()));
        shownChannel = null;
        shownLocale = null;
        channel.setItems(names);
        fallback.setItems(names);
        channel.setValue(names.isEmpty() ? null : draft.keySet().stream().findFirst().orElse(names.first()));
        locale.setValue("zh-CN");
        show();
        preview.removeAll();
        result.setText("");
    }

    /** Keeps the fields shown into the draft, then shows the chosen channel's and language's content. */
    private void show() {
        keep();
        shownChannel = channel.getValue();
        shownLocale = locale.getValue();
        Map<String, Object> content = shownChannel == null || shownLocale == null ? Map.of()
                : draft.getOrDefault(shownChannel, Map.of()).getOrDefault(shownLocale, Map.of());
        fields.forEach((f, area) -> area.setValue(content.get(f) instanceof String s ? s : ""));
        Map<String, Object> rest = new LinkedHashMap<>(content);
        FIELDS.forEach(rest::remove);
        other.setValue(rest.isEmpty() ? "" : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rest));
        other.setInvalid(false);
    }

    /** The shown fields into the draft; false when the JSON entries do not parse (the field says so). */
    private boolean keep() {
        if (shownChannel == null || shownLocale == null) {
            return true;
        }
        Map<String, Object> content = new LinkedHashMap<>();
        fields.forEach((f, area) -> {
            if (!area.getValue().isBlank()) {
                content.put(f, area.getValue());
            }
        });
        if (!other.getValue().isBlank()) {
            try {
                content.putAll(JSON.readValue(other.getValue(), MAP));
            } catch (RuntimeException e) {
                other.setErrorMessage(getTranslation("messaging.field.otherInvalid"));
                other.setInvalid(true);
                return false;
            }
        }
        Map<String, Map<String, Object>> byLocale = draft.computeIfAbsent(shownChannel, k -> new LinkedHashMap<>());
        if (content.isEmpty()) {
            byLocale.remove(shownLocale);
            if (byLocale.isEmpty()) {
                draft.remove(shownChannel);
            }
        } else {
            byLocale.put(shownLocale, content);
        }
        return true;
    }

    private void save() {
        if (!keep()) {
            return;
        }
        ObjectNode json = JSON.createObjectNode().put("description", description.getValue());
        json.set("channels", JSON.valueToTree(draft));
        try {
            Template saved = messaging.putTemplate(name.getValue().strip(), json);
            Notices.success(getTranslation("messaging.template.saved", saved.name(), saved.version()));
            refresh();
            name.setReadOnly(true);
        } catch (QuanyuException e) {
            refused(e);
        }
    }

    private void delete() {
        try {
            messaging.deleteTemplate(name.getValue().strip());
            Notices.success(getTranslation("messaging.template.deleted", name.getValue()));
            refresh();
            edit(null);
        } catch (QuanyuException e) {
            refused(e);
        }
    }

    private void preview() {
        preview.removeAll();
        customer.customerId().ifPresent(id -> {
            try {
                Map<String, Map<String, Object>> rendered = messaging.preview(name.getValue().strip(), id);
                rendered.forEach((ch, content) -> {
                    Pre pre = new Pre(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(content));
                    pre.addClassName("template-preview-channel");
                    pre.getElement().setAttribute("data-channel", ch);
                    preview.add(new H3(ch), pre);
                });
            } catch (QuanyuException e) {
                refused(e);
            }
        });
    }

    private void send() {
        result.setText("");
        customer.customerId().ifPresent(id -> {
            try {
                Delivery d = messaging.send(new SendCommand(id, channels(), name.getValue().strip(), Map.of(),
                        purpose.getValue(), "builder:" + UUID.randomUUID()));
                String text = "sent".equals(d.status())
                        ? getTranslation("messaging.send.sent", d.channel()) + (d.reason() == null ? ""
                        : " " + getTranslation("messaging.send.after", reason(d.reason())))
                        : getTranslation("messaging.send.status." + d.status(), reason(d.reason()));
                result.setText(text);
                result.getElement().setAttribute("data-status", d.status());
                sent.run();
            } catch (QuanyuException e) {
                refused(e);
            }
        });
    }

    /** The template to every member of the chosen segment, on the chosen channels, through the delivery service. */
    private void sendToSegment() {
        result.setText("");
        if (segment.getValue() == null) {
            Notices.failed(getTranslation("messaging.send.chooseSegment"));
            return;
        }
        try {
            var started = messaging.broadcast(segment.getValue().key(), new SendCommand("segment", channels(),
                    name.getValue().strip(), Map.of(), purpose.getValue(), "builder:" + UUID.randomUUID()));
            result.setText(getTranslation("messaging.send.broadcast", segment.getValue().key(), started.id()));
            result.getElement().setAttribute("data-status", "broadcast");
            result.getElement().setAttribute("data-broadcast", started.id());
            sent.run();
        } catch (QuanyuException e) {
            refused(e);
        }
    }

    /** The chosen channel and, when another, the fallback. */
    private List<String> channels() {
        List<String> channels = new ArrayList<>();
        if (channel.getValue() != null) {
            channels.add(channel.getValue());
        }
        if (fallback.getValue() != null && !fallback.getValue().equals(channel.getValue())) {
            channels.add(fallback.getValue());
        }
        return channels;
    }

    /** A skip reason in the user's language, when the builder knows it; the code otherwise. */
    private String reason(String code) {
        if (code == null) {
            return "";
        }
        String text = getTranslation("messaging.reason." + code);
        return text.startsWith("!") ? code : text + " (" + code + ")";
    }

    private void refused(QuanyuException e) {
        if (e.violations().isEmpty()) {
            Notices.refused(e);
            return;
        }
        StringBuilder text = new StringBuilder(getTranslation("messaging.invalid"));
        e.violations().forEach(v -> text.append("\n").append(v.pointer()).append(": ").append(v.message()));
        Notices.failed(text.toString());
    }
}
