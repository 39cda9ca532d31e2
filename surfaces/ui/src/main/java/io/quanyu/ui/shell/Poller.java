package io.quanyu.ui.shell;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import org.jspecify.annotations.Nullable;

/**
 * Vaadin's polling for a screen that follows something changing on the server (the builder has no push channel):
 * started once, at an interval, calling back on each poll until stopped; stopping also ends the UI's polling.
 */
public final class Poller {
    private final int intervalMs;
    private final Runnable tick;
    private @Nullable Registration registration;
    private @Nullable UI ui;

    public Poller(int intervalMs, Runnable tick) {
        this.intervalMs = intervalMs;
        this.tick = tick;
    }

    /** Starts polling in {@code ui} unless it already runs (or there is no UI). */
    public void start(@Nullable UI ui) {
        if (registration != null || ui == null) {
            return;
        }
        this.ui = ui;
        ui.setPollInterval(intervalMs);
        registration = ui.addPollListener(e -> tick.run());
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
