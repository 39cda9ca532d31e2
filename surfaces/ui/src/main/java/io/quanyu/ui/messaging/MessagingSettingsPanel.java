package io.quanyu.ui.messaging;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.timepicker.TimePicker;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.messaging.MessagingSettings;
import io.quanyu.ui.access.MessagingWorkspace;
import io.quanyu.ui.shell.Notices;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.LocalTime;
import java.util.TreeSet;

/**
 * The tenant's rules for marketing messages: quiet hours (deferred to their end or dropped), a frequency cap across
 * channels, the channels that need an explicit opt-in, and the language of customers whose record names none.
 * Tenant admins change them; everyone else reads them.
 */
final class MessagingSettingsPanel extends VerticalLayout {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final MessagingWorkspace messaging;
    private final Checkbox quiet = new Checkbox();
    private final TimePicker start = new TimePicker();
    private final TimePicker end = new TimePicker();
    private final TextField zone = new TextField();
    private final Select<String> action = new Select<>();
    private final Checkbox capped = new Checkbox();
    private final IntegerField max = new IntegerField();
    private final IntegerField hours = new IntegerField();
    private final CheckboxGroup<String> optIn = new CheckboxGroup<>();
    private final Select<String> language = new Select<>();

    MessagingSettingsPanel(MessagingWorkspace messaging) {
        this.messaging = messaging;
        quiet.setId("quiet-hours");
        quiet.setLabel(getTranslation("messaging.settings.quiet"));
        start.setId("quiet-start");
        start.setLabel(getTranslation("messaging.settings.from"));
        end.setId("quiet-end");
        end.setLabel(getTranslation("messaging.settings.to"));
        zone.setId("quiet-zone");
        zone.setLabel(getTranslation("messaging.settings.zone"));
        action.setId("quiet-action");
        action.setLabel(getTranslation("messaging.settings.action"));
        action.setItems("defer", "drop");
        action.setItemLabelGenerator(a -> getTranslation("messaging.settings.action." + a));
        capped.setId("frequency-cap");
        capped.setLabel(getTranslation("messaging.settings.cap"));
        max.setId("cap-max");
        max.setLabel(getTranslation("messaging.settings.capMax"));
        max.setMin(1);
        hours.setId("cap-hours");
        hours.setLabel(getTranslation("messaging.settings.capHours"));
        hours.setMin(1);
        optIn.setId("opt-in");
        optIn.setLabel(getTranslation("messaging.settings.optIn"));
        TreeSet<String> channels = new TreeSet<>();
        messaging.channels().forEach(c -> channels.add(c.name()));
        MessagingSettings current = messaging.settings();
        channels.addAll(current.optIn());
        optIn.setItems(channels);
        language.setId("default-locale");
        language.setLabel(getTranslation("messaging.settings.language"));
        language.setItems("zh-CN", "en");
        language.setItemLabelGenerator(l -> getTranslation("messaging.locale." + l));
        Button save = new Button(getTranslation("messaging.settings.save"), e -> save());
        save.setId("messaging-settings-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setEnabled(messaging.canAdminister());
        add(quiet, row(start, end, zone, action), capped, row(max, hours), optIn, language, save);
        setPadding(false);
        show(current);
    }

    private static HorizontalLayout row(com.vaadin.flow.component.Component... parts) {
        HorizontalLayout row = new HorizontalLayout(parts);
        row.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        return row;
    }

    private void show(MessagingSettings s) {
        quiet.setValue(s.quietHours() != null);
        start.setValue(s.quietHours() == null ? LocalTime.of(21, 0) : s.quietHours().start());
        end.setValue(s.quietHours() == null ? LocalTime.of(8, 0) : s.quietHours().end());
        zone.setValue(s.quietHours() == null ? "Asia/Shanghai" : s.quietHours().zone().getId());
        action.setValue(s.quietHours() == null || s.quietHours().defer() ? "defer" : "drop");
        capped.setValue(s.frequencyCap() != null);
        max.setValue(s.frequencyCap() == null ? 3 : s.frequencyCap().max());
        hours.setValue(s.frequencyCap() == null ? 24 : s.frequencyCap().hours());
        optIn.setValue(s.optIn());
        language.setValue(s.defaultLocale());
    }

    private void save() {
        ObjectNode json = JSON.createObjectNode();
        if (quiet.getValue()) {
            json.putObject("quietHours").put("start", String.valueOf(start.getValue())).put("end", String.valueOf(end.getValue()))
                    .put("zone", zone.getValue().strip()).put("action", action.getValue());
        }
        if (capped.getValue()) {
            ObjectNode cap = json.putObject("frequencyCap");
            if (max.getValue() != null) {
                cap.put("max", max.getValue());
            }
            if (hours.getValue() != null) {
                cap.put("hours", hours.getValue());
            }
        }
        optIn.getValue().stream().sorted().forEach(json.putArray("optIn")::add);
        json.put("defaultLocale", language.getValue());
        try {
            show(messaging.putSettings(json));
            Notices.success(getTranslation("messaging.settings.saved"));
        } catch (QuanyuException e) {
            StringBuilder text = new StringBuilder(getTranslation("messaging.invalid"));
            e.violations().forEach(v -> text.append("\n").append(v.pointer()).append(": ").append(v.message()));
            if (e.violations().isEmpty()) {
                Notices.refused(e);
            } else {
                Notices.failed(text.toString());
            }
        }
    }
}
