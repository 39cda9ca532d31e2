package io.quanyu.journeys;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What publishing a new version does to the customers still in the older ones:
 * <ul>
 *   <li>{@code drain} (the default): they finish on the version they entered; only new entries take the new one;</li>
 *   <li>{@code migrate}: each customer at a node named in {@code mapping} moves to the new version's node it maps to
 *       and goes on from there, or exits ({@code exited}, reason {@code migration}) when it maps to {@code null};
 *       every node that holds customers must be mapped, one way or the other;</li>
 *   <li>{@code stop}: they all exit ({@code exited}, reason {@code stopped-by-publish}).</li>
 * </ul>
 * A moved customer keeps their run: a step the run already logged under the same node id is not taken twice (a wait
 * keeps the time it began, so a customer three days into a seven-day wait mapped onto a five-day one waits two more;
 * a send already made is not made again), and a split's logged arm stands.
 *
 * @param mapping node id of an older version to node id of the new one, or to null (exit); empty unless migrating
 */
public record Migration(String mode, Map<String, @Nullable String> mapping) {
    public static final String DRAIN = "drain";
    public static final String MIGRATE = "migrate";
    public static final String STOP = "stop";
    public static final Migration DRAINING = new Migration(DRAIN, Map.of());
    private static final Set<String> MODES = Set.of(DRAIN, MIGRATE, STOP);
    private static final Set<String> FIELDS = Set.of("mode", "mapping");

    /** Reads {@code {"mode": ..., "mapping": {...}}}; an empty or missing body is a drain. Every mistake at once. */
    public static Migration parse(@Nullable JsonNode json) {
        List<FieldViolation> violations = new ArrayList<>();
        Migration migration = read(json, violations);
        if (!violations.isEmpty()) {
            throw QuanyuException.invalid(violations);
        }
        return migration;
    }

    /** Reads what it can, adding each mistake to {@code violations} (a drain where the mode is not one). */
    static Migration read(@Nullable JsonNode json, List<FieldViolation> violations) {
        if (json == null || json.isNull() || json.isMissingNode() || json.isObject() && json.isEmpty()) {
            return DRAINING;
        }
        if (!json.isObject()) {
            violations.add(new FieldViolation("", "type", "must be an object {mode, mapping}"));
            return DRAINING;
        }
        json.propertyNames().forEach(name -> {
            if (!FIELDS.contains(name)) {
                violations.add(new FieldViolation("/" + name, "unknown", "is not a field of a publication (mode, mapping)"));
            }
        });
        JsonNode modeNode = json.get("mode");
        String mode = modeNode == null ? DRAIN : modeNode.isString() ? modeNode.asString() : "";
        if (!MODES.contains(mode)) {
            violations.add(new FieldViolation("/mode", "enum", "is drain, migrate or stop"));
        }
        Map<String, String> mapping = new LinkedHashMap<>();
        JsonNode map = json.get("mapping");
        if (map != null && !map.isNull()) {
            if (!MIGRATE.equals(mode)) {
                violations.add(new FieldViolation("/mapping", "unexpected", "only a migration maps nodes"));
            } else if (!map.isObject()) {
                violations.add(new FieldViolation("/mapping", "type", "must map node ids to node ids (or null to exit)"));
            } else {
                map.properties().forEach(entry -> {
                    JsonNode to = entry.getValue();
                    if (to.isNull()) {
                        mapping.put(entry.getKey(), null);
                    } else if (to.isString()) {
                        mapping.put(entry.getKey(), to.asString());
                    } else {
                        violations.add(new FieldViolation("/mapping/" + entry.getKey(), "type",
                                "is the id of a node of the new version, or null to exit"));
                    }
                });
            }
        }
        return MODES.contains(mode) ? new Migration(mode, Collections.unmodifiableMap(mapping)) : DRAINING;
    }

    /**
     * Where the customers at a node go: a node of the new version, or null to exit. Only for {@code migrate} and
     * {@code stop}; a node the mapping does not name is refused before anything moves ({@link #check}).
     */
    @Nullable String target(String node) {
        return STOP.equals(mode) ? null : mapping.get(node);
    }

    /**
     * What becomes of the customers at a node of an older version: {@code stay} (a drain, or a node the mapping does
     * not name), {@code exit} (a stop, or a node mapped to null) or {@code move} (to {@link #target}).
     */
    String action(String node) {
        if (STOP.equals(mode)) {
            return "exit";
        }
        if (!MIGRATE.equals(mode) || !mapping.containsKey(node)) {
            return "stay";
        }
        return mapping.get(node) == null ? "exit" : "move";
    }

    String exitReason() {
        return STOP.equals(mode) ? "stopped-by-publish" : "migration";
    }

    /**
     * Adds to {@code violations} what makes a migration refused: customers left unaccounted for (a node holding some that the mapping does not name)
     * or maps onto a node the new version does not have; each at its pointer.
     */
    void check(Definition next, List<Plan.Row> rows, List<FieldViolation> violations) {
        if (!MIGRATE.equals(mode)) {
            return;
        }
        Set<String> reported = new java.util.HashSet<>();
        for (Plan.Row row : rows) {
            if (!mapping.containsKey(row.node()) && reported.add(row.node())) {
                violations.add(new FieldViolation("/mapping/" + row.node(), "required",
                        "customers are at node " + row.node() + ": map it to a node of the new version, or to null to exit them"));
            }
        }
        mapping.forEach((from, to) -> {
            if (to != null && !next.nodes().containsKey(to)) {
                violations.add(new FieldViolation("/mapping/" + from, "reference", "the new version has no node " + to));
            }
        });
    }

    /**
     * What a publication does or did: per older version and node, how many customers (active or waiting there) move
     * where or exit; {@code version} is the one published (or to be).
     */
    public record Plan(String journey, long version, String mode, List<Row> rows) {
        /** {@code to} is the new node ({@code action} {@code move}), null when they exit or stay. */
        public record Row(long version, String node, String state, @Nullable String to, String action, long customers) {

            /** The row of the customers at a node and state of an older version under the migration. */
            static Row of(long version, String node, String state, Migration migration, long customers) {
                String action = migration.action(node);
                return new Row(version, node, state, "move".equals(action) ? migration.target(node) : null, action, customers);
            }
        }

        public long moved() {
            return rows.stream().filter(r -> "move".equals(r.action())).mapToLong(Row::customers).sum();
        }

        public long exited() {
            return rows.stream().filter(r -> "exit".equals(r.action())).mapToLong(Row::customers).sum();
        }

        public long staying() {
            return rows.stream().filter(r -> "stay".equals(r.action())).mapToLong(Row::customers).sum();
        }
    }
}
