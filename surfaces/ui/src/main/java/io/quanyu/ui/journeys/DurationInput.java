package io.quanyu.ui.journeys;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A duration as an amount and a unit (minutes, hours, days), read from and written as ISO-8601 ({@code PT30M}, {@code PT48H}, {@code P7D}). */
final class DurationInput extends HorizontalLayout {
    private static final Pattern ISO = Pattern.compile("P(?:(\\d+)D|T(\\d+)H|T(\\d+)M)");

    /** A whole number of one unit. */
    record Amount(int value, String unit) {
        static @Nullable Amount parse(String iso) {
            Matcher m = ISO.matcher(iso);
            if (!m.matches()) {
                return null;
            }
            return m.group(1) != null ? new Amount(Integer.parseInt(m.group(1)), "days")
                    : m.group(2) != null ? new Amount(Integer.parseInt(m.group(2)), "hours")
                    : new Amount(Integer.parseInt(m.group(3)), "minutes");
        }

        String iso() {
            return switch (unit) {
                case "days" -> "P" + value + "D";
                case "hours" -> "PT" + value + "H";
                default -> "PT" + value + "M";
            };
        }
    }

    DurationInput(String id, String label, String iso, Consumer<String> changed) {
        Amount amount = Amount.parse(iso);
        if (amount == null) {
            amount = new Amount(1, "days");
        }
        IntegerField value = new IntegerField(label);
        value.setId(id);
        value.setMin(1);
        value.setValue(amount.value());
        value.setWidth("8em");
        Select<String> unit = new Select<>();
        unit.setId(id + "-unit");
        unit.setItems(List.of("minutes", "hours", "days"));
        unit.setItemLabelGenerator(u -> UI.getCurrent().getTranslation("journeys.node.unit." + u));
        unit.setValue(amount.unit());
        unit.setWidth("7em");
        Runnable write = () -> {
            if (value.getValue() != null && value.getValue() > 0 && unit.getValue() != null) {
                changed.accept(new Amount(value.getValue(), unit.getValue()).iso());
            }
        };
        value.addValueChangeListener(e -> write.run());
        unit.addValueChangeListener(e -> write.run());
        setAlignItems(Alignment.BASELINE);
        setPadding(false);
        add(value, unit);
    }
}
