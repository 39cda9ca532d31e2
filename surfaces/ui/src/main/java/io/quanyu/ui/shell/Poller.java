package io.quanyu.ui.shell;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import org.jspecify.annotations.Nullable;

/**
 * Vaadin's polling for a component that follows something changing on the server (the builder has no push channel):
 * started once, at an interval, calling back on each poll until stopped; stopping also ends the UI's polling, and
 * the component's detaching stops it.
 */
public final class Poller {
    private final Component owner;
    private final int intervalMs;
    private final Runnable tick;
    private @Nullable Registration registration;
    private @Nullable UI ui;

    public Poller(Component owner, int intervalMs, Runnable tick) {
        this.owner = owner;
        this.intervalMs = intervalMs;
        this.tick = tick;
        owner.addDetachListener(e -> stop());
    }

    /** Starts polling in the owner's UI unless it already runs (or the owner is not attached). */
    public void start() {
        UI current = owner.getUI().orElse(null);
        if (registration != null || current == null) {
            return;
        }
        ui = current;
        current.setPollInterval(intervalMs);
        registration = current.addPollListener(e -> tick.run());
    }

    public boolean running() {
        return registration != null;
    }

    public void stop() {
        if (registration != null) {
            registration.remove();
            registration = null;
            ui.setPollInterval(-1);
        }
    }
}
