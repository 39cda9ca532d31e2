package io.quanyu.ui.journeys;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.OrderedList;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.IntegerField;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.journeys.Journeys;
import io.quanyu.ui.access.CustomerWorkspace;
import io.quanyu.ui.access.JourneysWorkspace;
import io.quanyu.ui.messaging.CustomerPicker;
import io.quanyu.ui.shell.Notices;
import io.quanyu.ui.shell.Poller;
import org.bson.Document;

/**
 * Test mode: runs the saved draft for one customer (named by an identity or id) with every wait and timeout divided
 * by a speed, as the server's test run does ({@code <key>~test}, entered by API, its actions real), and follows the
 * steps it takes until the dialog closes.
 */
final class TestDialog extends Dialog {
    private final JourneysWorkspace workspace;
    private final OrderedList steps = new OrderedList();
    private final Paragraph state = new Paragraph();
    private final Poller poller;
    private String customer;
    private final String testKey;

    TestDialog(JourneysWorkspace workspace, CustomerWorkspace customers, String key) {
        this.workspace = workspace;
        this.testKey = Journeys.testKey(key);
        setHeaderTitle(getTranslation("journeys.test.title", key));
        CustomerPicker picker = new CustomerPicker(customers);
        IntegerField speed = new IntegerField(getTranslation("journeys.test.speed"));
        speed.setId("journey-test-speed");
        speed.setMin(1);
        speed.setMax(86_400);
        speed.setValue(3600);
        speed.setHelperText(getTranslation("journeys.test.speedHelp"));
        steps.setId("journey-test-steps");
        state.setId("journey-test-state");
        poller = new Poller(this, 1000, this::follow);
        Button run = new Button(getTranslation("journeys.test.run"), e -> picker.customerId().ifPresent(id -> {
            try {
                var enrollment = workspace.test(key, id, speed.getValue() == null ? 1 : speed.getValue());
                customer = id;
                state.setText(getTranslation("journeys.test.started", enrollment.node(), enrollment.state()));
                follow();
                poller.start();
            } catch (QuanyuException ex) {
                if (ex.violations().isEmpty()) {
                    Notices.refused(ex);
                } else {
                    state.setText(ex.violations().stream().map(JourneyTexts::violation)
                            .collect(java.util.stream.Collectors.joining("; ")));
                }
            }
        }));
        run.setId("journey-test-run");
        run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button close = new Button(getTranslation("journeys.publish.cancel"), e -> close());
        add(picker, speed, state, steps);
        getFooter().add(close, run);
        setWidth("600px");
    }

    /** Shows the test run's steps so far. */
    private void follow() {
        if (customer == null) {
            return;
        }
        steps.removeAll();
        for (Document step : workspace.path(testKey, customer)) {
            Document result = step.get("result", Document.class);
            steps.add(new ListItem(step.getString("node") + (step.getString("choice") == null ? "" : " \u2192 " + step.getString("choice"))
                    + (result == null ? "" : " " + result.toJson())));
        }
    }
}
