package io.quanyu.ui.journeys;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import tools.jackson.databind.JsonNode;

import java.util.function.Consumer;

/**
 * The journey canvas: a palette of node types and the journey's graph drawn by AntV X6 (MIT, from the npm registry)
 * in {@code quanyu/journey-canvas.js}. The server side owns the draft: it sets what to draw ({@link #draw}), the
 * palette and live counts; the browser reports what the user did (dropped a node from the palette, moved one,
 * connected or removed a path, selected a node), which the view applies to its {@link JourneyDraft} and draws again.
 */
@Tag("quanyu-journey-canvas")
@NpmPackage(value = "@antv/x6", version = "3.1.8")
@JsModule("./quanyu/journey-canvas.js")
public class JourneyCanvas extends Component {
    /** A node dropped from the palette at a position of the graph. */
    public record Drop(String type, int x, int y) {
    }

    /** A step moved to a position of the graph. */
    public record Move(String id, int x, int y) {
    }

    /** A path of {@code source} ({@code port}) pointed at {@code target}. */
    public record Connect(String source, String port, String target) {
    }

    public JourneyCanvas() {
        setId("journey-canvas");
        getElement().getStyle().set("min-width", "0");
    }

    /** Draws the graph ({@link JourneyDraft#graph}). */
    public void draw(JsonNode graph) {
        getElement().setProperty("graphJson", graph.toString());
    }

    /** The palette's items: {@code [{"type", "label", "hint"}]}. */
    public void palette(JsonNode items) {
        getElement().setProperty("palette", items.toString());
    }

    /** The badge of each node ({@code {"<node>": "3 waiting"}}). */
    public void counts(JsonNode counts) {
        getElement().setProperty("counts", counts.toString());
    }

    public void setReadOnly(boolean readOnly) {
        getElement().setProperty("readonly", readOnly);
    }

    /** Fits the whole journey into view. */
    public void fit() {
        getElement().callJsFunction("fit");
    }

    public void onDrop(Consumer<Drop> listener) {
        getElement().addEventListener("canvas-drop", e -> listener.accept(new Drop(
                        e.getEventData().get("event.detail.type").asString(),
                        e.getEventData().get("event.detail.x").asInt(), e.getEventData().get("event.detail.y").asInt())))
                .addEventData("event.detail.type").addEventData("event.detail.x").addEventData("event.detail.y");
    }

    public void onMove(Consumer<Move> listener) {
        getElement().addEventListener("canvas-move", e -> listener.accept(new Move(
                        e.getEventData().get("event.detail.id").asString(),
                        e.getEventData().get("event.detail.x").asInt(), e.getEventData().get("event.detail.y").asInt())))
                .addEventData("event.detail.id").addEventData("event.detail.x").addEventData("event.detail.y");
    }

    public void onConnect(Consumer<Connect> listener) {
        getElement().addEventListener("canvas-connect", e -> listener.accept(new Connect(
                        e.getEventData().get("event.detail.source").asString(),
                        e.getEventData().get("event.detail.port").asString(),
                        e.getEventData().get("event.detail.target").asString())))
                .addEventData("event.detail.source").addEventData("event.detail.port").addEventData("event.detail.target");
    }

    /** A path removed (double-click on it): the connect's target is empty. */
    public void onDisconnect(Consumer<Connect> listener) {
        getElement().addEventListener("canvas-disconnect", e -> listener.accept(new Connect(
                        e.getEventData().get("event.detail.source").asString(),
                        e.getEventData().get("event.detail.port").asString(), "")))
                .addEventData("event.detail.source").addEventData("event.detail.port");
    }

    /** A node clicked (its name), or the blank canvas (empty). */
    public void onSelect(Consumer<String> listener) {
        getElement().addEventListener("canvas-select", e -> listener.accept(e.getEventData().get("event.detail.id").asString()))
                .addEventData("event.detail.id");
    }
}
