package io.quanyu.ui.segments;

import com.vaadin.flow.component.ClientCallable;
import com.vaadin.flow.component.html.Span;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.segments.Segments;
import io.quanyu.ui.access.SegmentsWorkspace;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How many customers the rule being written matches, counted again once the rule has rested for half a second: the
 * wait runs in the browser (a timer restarted by each edit calls back), so no server thread or push is needed. An
 * invalid rule shows what is wrong instead, and the editor marks the parts concerned.
 */
final class LiveCount extends Span {
    static final int REST_MS = 500;
    private final SegmentsWorkspace segments;
    private final Supplier<JsonNode> rule;
    private final Consumer<List<FieldViolation>> violations;

    LiveCount(SegmentsWorkspace segments, Supplier<JsonNode> rule,
              Consumer<List<FieldViolation>> violations) {
        this.segments = segments;
        this.rule = rule;
        this.violations = violations;
        setId("segment-live-count");
        getElement().setAttribute("aria-live", "polite");
        getStyle().set("font-weight", "600");
    }

    /** The rule changed: counts it again after {@value #REST_MS} ms without a further change. */
    void changed() {
        getElement().setAttribute("data-state", "pending");
        getStyle().set("opacity", "0.5");
        getElement().executeJs("clearTimeout(this.__recount); "
                + "this.__recount = setTimeout(() => this.$server.count(), $0)", REST_MS);
    }

    /** Counts now. */
    @ClientCallable
    void count() {
        getStyle().remove("opacity");
        try {
            Segments.Estimate estimate = segments.estimate(rule.get());
            violations.accept(List.of());
            setText(text(estimate));
            getElement().setAttribute("data-state", "counted");
            getElement().setAttribute("data-count", String.valueOf(estimate.count()));
            getStyle().remove("color");
        } catch (QuanyuException e) {
            violations.accept(e.violations());
            setText(e.violations().isEmpty() ? getTranslation("error.generic", e.getMessage())
                    : getTranslation("segments.count.invalid", SegmentTexts.violations(e.violations(), "")));
            getElement().setAttribute("data-state", "invalid");
            getElement().removeAttribute("data-count");
            getStyle().set("color", "var(--lumo-error-text-color)");
        }
    }

    private String text(Segments.Estimate e) {
        return e.exact() ? getTranslation("segments.count.exact", e.count(), e.total())
                : getTranslation("segments.count.estimated", e.count(), e.scanned(), e.total());
    }
}
