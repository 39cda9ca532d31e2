package io.quanyu.ui.objects;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import io.quanyu.records.Migration;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A running background migration: a progress bar that asks the server every half second how many records are done
 * and hands the final state over when it stops running (the UI polls; no push channel needed).
 */
final class MigrationProgress extends Div {
    private static final int POLL_MILLIS = 500;
    private final ProgressBar bar = new ProgressBar();
    private final Span text = new Span();
    private final Function<String, Migration> reader;
    private final Consumer<Migration> finished;
    private final io.quanyu.ui.shell.Poller poller = new io.quanyu.ui.shell.Poller(this, POLL_MILLIS, this::refresh);
    private String id;

    MigrationProgress(Function<String, Migration> reader, Consumer<Migration> finished) {
        this.reader = reader;
        this.finished = finished;
        setId("migration-progress");
        bar.setId("migration-bar");
        bar.setMin(0);
        bar.setMax(1);
        bar.getElement().setAttribute("aria-label", getTranslation("migration.progress"));
        text.setId("migration-text");
        add(text, bar);
        setVisible(false);
        setWidthFull();
    }

    /** Follows {@code migration} until it is done or failed. */
    void follow(Migration migration) {
        id = migration.id();
        setVisible(true);
        show(migration);
        poller.stop();
        poller.start();
    }


    private void refresh() {
        Migration now = reader.apply(id);
        show(now);
        if (now.status() != Migration.Status.RUNNING) {
            poller.stop();
            setVisible(false);
            finished.accept(now);
        }
    }

    private void show(Migration m) {
        bar.setIndeterminate(m.total() == 0);
        bar.setValue(m.total() == 0 ? 0 : Math.min(1, (double) m.done() / m.total()));
        text.setText(getTranslation("migration.running", String.join("; ", m.steps()), m.done(), m.total()));
    }

    @Override
    protected void onAttach(AttachEvent event) {
        if (id != null && isVisible()) {
            poller.start();
        }
    }
}
