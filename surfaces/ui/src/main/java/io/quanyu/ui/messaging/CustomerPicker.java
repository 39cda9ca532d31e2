package io.quanyu.ui.messaging;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.ui.access.CustomerWorkspace;
import io.quanyu.ui.customers.CustomerTexts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Names a customer the way a marketer knows one: by an identity (phone, e-mail, ...) or by the customer's id. */
public final class CustomerPicker extends Composite<HorizontalLayout> {
    static final String BY_ID = "";
    private final CustomerWorkspace customers;
    private final Select<String> by = new Select<>();
    private final TextField value = new TextField();

    public CustomerPicker(CustomerWorkspace customers) {
        this.customers = customers;
        List<String> modes = new ArrayList<>(List.of(BY_ID));
        modes.addAll(customers.identityTypes());
        by.setId("customer-by");
        by.setLabel(getTranslation("messaging.customerBy"));
        by.setItems(modes);
        by.setItemLabelGenerator(m -> m.isEmpty() ? getTranslation("messaging.customerId") : CustomerTexts.identityType(m));
        by.setValue(modes.contains("phone") ? "phone" : BY_ID);
        value.setId("customer-value");
        value.setLabel(getTranslation("messaging.customer"));
        value.setWidth("18em");
        getContent().add(by, value);
        getContent().setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
    }

    /** The customer's id, or empty (the field then says why). */
    public Optional<String> customerId() {
        value.setInvalid(false);
        String text = value.getValue().strip();
        if (text.isEmpty()) {
            return invalid(getTranslation("messaging.customerRequired"));
        }
        if (BY_ID.equals(by.getValue())) {
            return Optional.of(text);
        }
        try {
            Optional<String> id = customers.findByIdentity(by.getValue(), text);
            return id.isPresent() ? id : invalid(getTranslation("messaging.customerUnknown"));
        } catch (QuanyuException e) {
            return invalid(e.getMessage());
        }
    }

    private Optional<String> invalid(String message) {
        value.setErrorMessage(message);
        value.setInvalid(true);
        return Optional.empty();
    }
}
