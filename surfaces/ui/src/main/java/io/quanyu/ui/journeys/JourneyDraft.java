package io.quanyu.ui.journeys;

import io.quanyu.core.error.FieldViolation;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A journey's draft as the canvas edits it: the definition's JSON (what {@code Journeys.put} saves and the domain's
 * {@code Definition.parse} checks), changed by what the user does on the canvas and in the side panel. The entry is
 * drawn as a node of its own ({@link #ENTRY}, whose one path is the journey's {@code start}); every other node's paths
 * are its link fields ({@code next}, {@code onEvent}/{@code onTimeout}, {@code yes}/{@code no}, an arm's {@code next}).
 * Positions are kept in the draft's {@code layout}; a node without one is placed by its depth from the start.
 * A draft may be incomplete while it is edited: saving it is what checks it.
 */
final class JourneyDraft {
    /** The entry's id on the canvas (node names start with a letter, so none is this). */
    static final String ENTRY = "@entry";
    /** The node types the palette offers, in its order. */
    static final List<String> TYPES = List.of("send", "wait", "waitForEvent", "condition", "split", "tag", "update", "action",
            "webhook", "end");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int ROW = 130;
    private static final int COLUMN = 240;
    private final ObjectNode json;

    JourneyDraft(JsonNode draft) {
        this.json = draft.isObject() ? (ObjectNode) draft.deepCopy() : F.objectNode();
        if (!json.path("nodes").isObject()) {
            json.set("nodes", F.objectNode());
        }
    }

    /** The definition as edited, with its layout. */
    ObjectNode json() {
        return json;
    }

    ObjectNode nodes() {
        return (ObjectNode) json.get("nodes");
    }

    /** The node named {@code id}, or null. */
    @Nullable ObjectNode node(String id) {
        JsonNode node = nodes().get(id);
        return node instanceof ObjectNode o ? o : null;
    }

    String type(String id) {
        return ENTRY.equals(id) ? "entry" : nodes().path(id).path("type").asString("");
    }

    /** A path out of a node: its port on the canvas and where its target is written. */
    record Path(String port, ObjectNode holder, String field) {
        @Nullable String target() {
            JsonNode t = holder.get(field);
            return t != null && t.isString() ? t.asString() : null;
        }
    }

    /** The node's paths, in order. */
    List<Path> paths(String id) {
        if (ENTRY.equals(id)) {
            return List.of(new Path("start", json, "start"));
        }
        ObjectNode node = node(id);
        if (node == null) {
            return List.of();
        }
        return switch (type(id)) {
            case "waitForEvent" -> List.of(new Path("onEvent", node, "onEvent"), new Path("onTimeout", node, "onTimeout"));
            case "condition" -> List.of(new Path("yes", node, "yes"), new Path("no", node, "no"));
            case "action", "webhook" -> List.of(new Path("next", node, "next"), new Path("onFailure", node, "onFailure"));
            case "split" -> {
                List<Path> arms = new ArrayList<>();
                for (JsonNode arm : node.path("arms")) {
                    if (arm instanceof ObjectNode a) {
                        arms.add(new Path("arm:" + a.path("name").asString(""), a, "next"));
                    }
                }
                yield arms;
            }
            case "end" -> List.of();
            default -> List.of(new Path("next", node, "next"));
        };
    }

    /** Adds a node of the type with its defaults at the position; answers its name (the type and a number). */
    String add(String type, int x, int y) {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("no node type " + type);
        }
        int n = 1;
        while (nodes().has(type + n)) {
            n++;
        }
        String id = type + n;
        nodes().set(id, defaults(type));
        if (!json.has("start")) {
            json.put("start", id);
        }
        move(id, x, y);
        return id;
    }

    /** A new node's settings: valid but for its paths, except a send's template, which the user must pick. */
    static ObjectNode defaults(String type) {
        ObjectNode node = F.objectNode().put("type", type);
        switch (type) {
            case "wait" -> node.put("duration", "P1D");
            case "waitForEvent" -> node.put("event", "order").put("timeout", "P2D");
            case "condition" -> node.set("rule", F.objectNode().put("field", "tags").put("op", "contains").put("value", "vip"));
            case "split" -> {
                ArrayNode arms = node.putArray("arms");
                arms.addObject().put("name", "A").put("percent", 50);
                arms.addObject().put("name", "B").put("percent", 50);
            }
            case "tag" -> node.putArray("add").add("journey");
            case "send" -> {
                node.put("template", "");
                node.putArray("channels").add("wechat-cs");
                node.put("purpose", "marketing");
            }
            case "update" -> node.set("fields", F.objectNode());
            case "webhook" -> {
                node.put("url", "https://");
                node.set("data", F.objectNode());
            }
            case "action" -> {
                node.put("plugin", "");
                node.put("action", "");
                node.set("parameters", F.objectNode());
            }
            default -> {
            }
        }
        return node;
    }

    void move(String id, int x, int y) {
        if (!(json.get("layout") instanceof ObjectNode)) {
            json.set("layout", F.objectNode());
        }
        ((ObjectNode) json.get("layout")).set(id, F.objectNode().put("x", x).put("y", y));
    }

    /** Points the node's path {@code port} at {@code target}; false when there is no such path or node. */
    boolean connect(String source, String port, String target) {
        if (ENTRY.equals(target) || source.equals(target) || node(target) == null) {
            return false;
        }
        for (Path path : paths(source)) {
            if (path.port().equals(port)) {
                path.holder().put(path.field(), target);
                return true;
            }
        }
        return false;
    }

    void disconnect(String source, String port) {
        for (Path path : paths(source)) {
            if (path.port().equals(port)) {
                path.holder().remove(path.field());
            }
        }
    }

    /** Removes the node, every path to it and its position. */
    void remove(String id) {
        if (ENTRY.equals(id) || node(id) == null) {
            return;
        }
        for (String other : ids()) {
            for (Path path : paths(other)) {
                if (id.equals(path.target())) {
                    path.holder().remove(path.field());
                }
            }
        }
        nodes().remove(id);
        if (json.get("layout") instanceof ObjectNode layout) {
            layout.remove(id);
        }
    }

    /** The entry and every node's name. */
    List<String> ids() {
        List<String> ids = new ArrayList<>();
        ids.add(ENTRY);
        ids.addAll(nodes().propertyNames());
        return ids;
    }

    /** The node names other than {@code id}, for the side panel's path pickers. */
    List<String> targets(String id) {
        return nodes().propertyNames().stream().filter(n -> !n.equals(id)).toList();
    }

    /** Where each node is drawn: its saved position, else by its depth from the entry (unplaced, below the rest). */
    Map<String, int[]> positions() {
        Map<String, Integer> depth = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(ENTRY));
        depth.put(ENTRY, 0);
        while (!queue.isEmpty()) {
            String id = queue.poll();
            for (Path path : paths(id)) {
                String t = path.target();
                if (t != null && node(t) != null && !depth.containsKey(t)) {
                    depth.put(t, depth.get(id) + 1);
                    queue.add(t);
                }
            }
        }
        int deepest = depth.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        Map<Integer, Integer> columns = new HashMap<>();
        Map<String, int[]> out = new LinkedHashMap<>();
        for (String id : ids()) {
            JsonNode at = json.path("layout").path(id);
            if (at.isObject() && at.path("x").isNumber()) {
                out.put(id, new int[]{at.path("x").asInt(), at.path("y").asInt()});
            } else {
                int row = depth.getOrDefault(id, deepest + 1);
                int column = columns.merge(row, 1, Integer::sum) - 1;
                out.put(id, new int[]{40 + column * COLUMN, 40 + row * ROW});
            }
        }
        return out;
    }

    /** The names of the nodes the problems are at (the entry for the journey's own fields), with their messages. */
    static Map<String, List<String>> problems(List<FieldViolation> violations) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (FieldViolation v : violations) {
            String[] parts = v.pointer().split("/");
            String at = parts.length > 2 && parts[1].equals("nodes") ? parts[2] : ENTRY;
            out.computeIfAbsent(at, k -> new ArrayList<>()).add(v.pointer() + ": " + v.message());
        }
        return out;
    }

    /** Labels of what the canvas shows, in the user's language. */
    interface Texts {
        /** A node type's name ({@code entry} for the entry). */
        String type(String type);

        /** A path's label ({@code next}, {@code onEvent}, ..., an arm's name). */
        String port(String port);

        /** What a node does, in a few words. */
        String summary(String id, JsonNode node);
    }

    /** The canvas's {@code graphJson}: nodes with their paths as ports, edges, the selected node, problems marked. */
    ObjectNode graph(Texts texts, @Nullable String selected, Set<String> problems) {
        ObjectNode out = F.objectNode();
        ArrayNode nodes = out.putArray("nodes");
        ArrayNode edges = out.putArray("edges");
        Map<String, int[]> positions = positions();
        for (String id : ids()) {
            ObjectNode n = nodes.addObject().put("id", id).put("type", type(id))
                    .put("title", texts.type(type(id)))
                    .put("detail", texts.summary(id, ENTRY.equals(id) ? json : nodes().path(id)))
                    .put("x", positions.get(id)[0]).put("y", positions.get(id)[1])
                    .put("in", !ENTRY.equals(id)).put("problem", problems.contains(id));
            ArrayNode ports = n.putArray("ports");
            for (Path path : paths(id)) {
                String label = path.port().startsWith("arm:") ? path.port().substring(4) : texts.port(path.port());
                ports.addObject().put("id", path.port()).put("label", label);
                String target = path.target();
                if (target != null && node(target) != null) {
                    edges.addObject().put("source", id).put("port", path.port()).put("target", target);
                }
            }
        }
        if (selected != null) {
            out.put("selected", selected);
        }
        return out;
    }
}
