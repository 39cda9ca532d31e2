package io.quanyu.journeys;

import io.quanyu.conditions.Condition;
import io.quanyu.conditions.Conditions;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.customer360.TrackedEvent;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A journey as written: how customers enter it, when they may enter again, the events that take them out (exits)
 * or count them as converted (the goal), and the graph of {@link Node}s from {@code start}. Parsed and checked as a
 * whole: every problem is reported with its JSON pointer and a stable code, nothing is kept of a bad definition.
 * <pre>{@code
 * {"names": {"zh-CN": "新粉丝欢迎", "en": "Welcome"},
 *  "entry": {"event": "follow"},                    // or {"segment": "vip", "on": "entered" | "exited"}, {"api": true},
 *                                                   // {"schedule": {...}}, {"date": {"field": "birthday", "daysBefore": 0}}
 *  "reentry": "never",                              // "always", {"afterDays": 30}
 *  "exits": [{"event": "unfollow"}], "goal": {"event": "order", "where": {...}},
 *  "start": "hello",
 *  "nodes": {"hello": {"type": "send", "template": "welcome", "channels": ["wechat"], "next": "wait"},
 *            "wait": {"type": "waitForEvent", "event": "order", "timeout": "P2D", "onEvent": "fan", "onTimeout": "end"},
 *            "fan": {"type": "update", "fields": {"lifecycleStage": "customer"}, "next": "end"},
 *            "end": {"type": "end"}},
 *  "layout": {"entry": {"x": 0, "y": 0}, "hello": {"x": 0, "y": 120}}}   // where the canvas draws each node
 * }</pre>
 * The graph has no loops: a customer goes through each node at most once per entry.
 */
public record Definition(Map<String, String> names, Entry entry, Reentry reentry, List<Trigger> exits,
                         @Nullable Trigger goal, String start, Map<String, Node> nodes) {
    public static final int MAX_NODES = 200;
    public static final Duration MAX_WAIT = Duration.ofDays(366);
    /** The first day of a date entry's daily occurrences (they are counted from it). */
    static final java.time.LocalDate DATE_ANCHOR = java.time.LocalDate.of(2020, 1, 1);
    private static final Pattern NODE_ID = Pattern.compile("[a-zA-Z][a-zA-Z0-9_-]{0,63}");
    private static final Set<String> FIELDS = Set.of("names", "entry", "reentry", "exits", "goal", "start", "nodes",
            "layout");

    /**
     * How customers enter: an event of a type (passing {@code where}), entering or leaving a segment, or an API call
     * naming the customer ({@code api}: an integrator's system decides when).
     */
    public record Entry(@Nullable String event, @Nullable Condition where, @Nullable String segment, boolean entered,
                        boolean api, @Nullable Schedule schedule, @Nullable PluginTrigger trigger) {

        public Entry(@Nullable String event, @Nullable Condition where, @Nullable String segment, boolean entered,
                     boolean api, @Nullable Schedule schedule) {
            this(event, where, segment, entered, api, schedule, null);
        }

        /** Whether the customer event starts an enrollment. */
        public boolean takes(TrackedEvent e, Instant now) {
            return event != null && event.equals(e.type()) && (where == null || where.matches(e.asFacts(), now));
        }
    }

    /**
     * Entry when a plugin's trigger fires: each event of a type the trigger looks at is handed to it with the journey's
     * {@code parameters} (valid against the trigger's schema), and the trigger decides whether the customer enters.
     */
    public record PluginTrigger(String plugin, String name, tools.jackson.databind.node.ObjectNode parameters) {
    }

    /**
     * Entry at set times: at {@code at} (a wall-clock time in {@code zone}), and then every {@code every} (a period of
     * days, weeks or months, counted on the wall clock, so 09:00 stays 09:00 across daylight saving) until
     * {@code until}, each customer who is then a member of {@code segment} enters (once per occurrence).
     */
    public record Schedule(java.time.LocalDateTime at, java.time.ZoneId zone, java.time.@Nullable Period every,
                           java.time.@Nullable LocalDateTime until, @Nullable String segment, @Nullable DateMatch date) {

        public Schedule(java.time.LocalDateTime at, java.time.ZoneId zone, java.time.@Nullable Period every,
                        java.time.@Nullable LocalDateTime until, String segment) {
            this(at, zone, every, until, segment, null);
        }

        /** The first occurrence at or after {@code now}; empty when there is none left. */
        public Optional<Instant> first(Instant now) {
            return from(at, now, true);
        }

        /** The occurrence after {@code occurrence}; empty when it was the last. */
        public Optional<Instant> after(Instant occurrence) {
            return from(at, occurrence, false);
        }

        private Optional<Instant> from(java.time.LocalDateTime start, Instant bound, boolean inclusive) {
            java.time.LocalDateTime local = start;
            for (int n = 1; n <= 100_000; n++) {
                Instant instant = local.atZone(zone).toInstant();
                if (until != null && local.isAfter(until)) {
                    return Optional.empty();
                }
                if (instant.isAfter(bound) || inclusive && instant.equals(bound)) {
                    return Optional.of(instant);
                }
                if (every == null) {
                    return Optional.empty();
                }
                local = start.plus(every.multipliedBy(n));
            }
            return Optional.empty();
        }
    }

    /** Whether a customer whose last enrollment ended may enter again: never, always, or some days after entering. */
    public record Reentry(String policy, int afterDays) {
        public static final Reentry NEVER = new Reentry("never", 0);

        public boolean allows(Instant lastEntered, Instant now) {
            return switch (policy) {
                case "always" -> true;
                case "after" -> !now.isBefore(lastEntered.plus(Duration.ofDays(afterDays)));
                default -> false;
            };
        }
    }

    /** An event of a type, passing {@code where}: an exit rule or the goal. */
    public record Trigger(String event, @Nullable Condition where) {
        public boolean takes(TrackedEvent e, Instant now) {
            return event.equals(e.type()) && (where == null || where.matches(e.asFacts(), now));
        }
    }

    public Node node(String id) {
        Node node = nodes.get(id);
        if (node == null) {
            throw new IllegalStateException("no node " + id);
        }
        return node;
    }

    /**
     * Whether its runs carry values for their sends and webhooks ({@code vars.entry} from a plugin's trigger,
     * {@code vars.steps} from plugins' actions and webhooks), so a send or a webhook reads them.
     */
    public boolean passesValues() {
        return entry.trigger() != null
                || nodes.values().stream().anyMatch(n -> n instanceof Node.Action || n instanceof Node.Webhook);
    }

    /** The event types the journey listens to once a customer is in it: its exits, goal and event waits. */
    public Set<String> eventsWhileIn() {
        Set<String> out = new LinkedHashSet<>();
        exits.forEach(t -> out.add(t.event()));
        if (goal != null) {
            out.add(goal.event());
        }
        nodes.values().forEach(n -> {
            if (n instanceof Node.WaitForEvent w) {
                out.add(w.event());
            }
        });
        return out;
    }

    /** Parses and checks a definition; {@code REQUEST_VALIDATION_FAILED} with every problem found. */
    public static Definition parse(JsonNode json) {
        Parser p = new Parser();
        Definition d = p.definition(json);
        if (!p.violations.isEmpty()) {
            throw QuanyuException.invalid(p.violations);
        }
        return d;
    }

    /**
     * Who a date entry takes on a day: the customers whose date field {@code field} is that day plus
     * {@code daysBefore} days, in any year when {@code annual} (a birthday, a membership anniversary; those born on
     * 29 February are taken on 28 February in other years).
     */
    public record DateMatch(String field, boolean annual, int daysBefore) {
        /** The earliest year an annual date is looked for in. */
        static final int FIRST_YEAR = 1900;

        /** The records filter of the customers this takes on {@code day}. */
        public tools.jackson.databind.node.ObjectNode filter(java.time.LocalDate day) {
            var f = tools.jackson.databind.node.JsonNodeFactory.instance;
            java.time.LocalDate target = day.plusDays(daysBefore);
            if (!annual) {
                return f.objectNode().put("field", field).put("op", "eq").put("value", target.toString());
            }
            var values = f.arrayNode();
            boolean leapDayToo = target.getMonthValue() == 2 && target.getDayOfMonth() == 28 && !target.isLeapYear();
            for (int year = FIRST_YEAR; year <= target.getYear(); year++) {
                java.time.Year y = java.time.Year.of(year);
                if (target.getMonthValue() == 2 && target.getDayOfMonth() == 29 && !y.isLeap()) {
                    continue;
                }
                values.add(target.withYear(year).toString());
                if (leapDayToo && y.isLeap()) {
                    values.add(java.time.LocalDate.of(year, 2, 29).toString());
                }
            }
            return f.objectNode().put("field", field).put("op", "in").set("value", values);
        }
    }

    private static final class Parser {
        final List<FieldViolation> violations = new ArrayList<>();

        /**
         * Where the builder's canvas draws the entry and each node: {@code {"<node or entry>": {"x": .., "y": ..}}},
         * numbers within ±100,000; the engine does not read it.
         */
        void layout(@Nullable JsonNode layout) {
            if (layout == null || layout.isNull()) {
                return;
            }
            if (!layout.isObject() || layout.size() > MAX_NODES + 1) {
                violations.add(new FieldViolation("/layout", "type", "must be an object of at most " + (MAX_NODES + 1) + " positions"));
                return;
            }
            for (var at : layout.properties()) {
                JsonNode p = at.getValue();
                boolean ok = p.isObject() && p.size() == 2 && p.path("x").isNumber() && p.path("y").isNumber()
                        && Math.abs(p.path("x").asDouble()) <= 100_000 && Math.abs(p.path("y").asDouble()) <= 100_000;
                if (!ok) {
                    violations.add(new FieldViolation("/layout/" + at.getKey(), "type", "must be {\"x\": number, \"y\": number} within ±100000"));
                }
            }
        }

        Definition definition(JsonNode json) {
            if (json == null || !json.isObject()) {
                violations.add(new FieldViolation("", "type", "must be an object"));
                return null;
            }
            for (String name : json.propertyNames()) {
                if (!FIELDS.contains(name)) {
                    violations.add(new FieldViolation("/" + name, "unknown", "is not a field of a journey"));
                }
            }
            layout(json.get("layout"));
            Map<String, String> names = names(json.get("names"));
            Entry entry = entry(json.get("entry"));
            Reentry reentry = reentry(json.get("reentry"));
            List<Trigger> exits = new ArrayList<>();
            JsonNode exitsJson = json.get("exits");
            if (exitsJson != null && !exitsJson.isNull()) {
                if (!exitsJson.isArray() || exitsJson.size() > 20) {
                    violations.add(new FieldViolation("/exits", "type", "must be a list of at most 20 events"));
                } else {
                    for (int i = 0; i < exitsJson.size(); i++) {
                        Trigger t = trigger(exitsJson.get(i), "/exits/" + i);
                        if (t != null) {
                            exits.add(t);
                        }
                    }
                }
            }
            JsonNode goalJson = json.get("goal");
            Trigger goal = goalJson == null || goalJson.isNull() ? null : trigger(goalJson, "/goal");
            Map<String, Node> nodes = nodes(json.get("nodes"));
            String start = text(json, "start", "");
            if (start == null) {
                violations.add(new FieldViolation("/start", "required", "names the first node"));
            } else if (!nodes.isEmpty() && !nodes.containsKey(start)) {
                violations.add(new FieldViolation("/start", "target", "names no node: " + start));
            }
            if (start != null && nodes.containsKey(start)) {
                graph(start, nodes);
            }
            experiments(nodes, goal);
            return new Definition(names, entry, reentry, List.copyOf(exits), goal, start, nodes);
        }

        private Map<String, String> names(JsonNode json) {
            Map<String, String> out = new LinkedHashMap<>();
            if (json == null || !json.isObject() || json.isEmpty()) {
                violations.add(new FieldViolation("/names", "required", "is required: {\"zh-CN\": ..., \"en\": ...}"));
                return out;
            }
            for (String locale : json.propertyNames()) {
                JsonNode name = json.get(locale);
                if (!Set.of("zh-CN", "en").contains(locale)) {
                    violations.add(new FieldViolation("/names/" + locale, "unknown", "is not a supported language (zh-CN, en)"));
                } else if (!name.isString() || name.asString().isBlank() || name.asString().length() > 100) {
                    violations.add(new FieldViolation("/names/" + locale, "type", "must be text of 1 to 100 characters"));
                } else {
                    out.put(locale, name.asString());
                }
            }
            return out;
        }

        private Entry entry(JsonNode json) {
            if (json == null || !json.isObject()) {
                violations.add(new FieldViolation("/entry", "required",
                        "is required: {\"event\": ...}, {\"segment\": ...}, {\"schedule\": ...}, {\"date\": ...} or {\"api\": true}"));
                return null;
            }
            for (String name : json.propertyNames()) {
                if (!Set.of("event", "where", "segment", "on", "api", "schedule", "date", "trigger").contains(name)) {
                    violations.add(new FieldViolation("/entry/" + name, "unknown", "is not a field of an entry"));
                }
            }
            boolean hasEvent = json.has("event");
            boolean hasSegment = json.has("segment");
            boolean api = json.has("api");
            boolean scheduled = json.has("schedule");
            boolean dated = json.has("date");
            boolean triggered = json.has("trigger");
            if ((hasEvent ? 1 : 0) + (hasSegment ? 1 : 0) + (api ? 1 : 0) + (scheduled ? 1 : 0) + (dated ? 1 : 0)
                    + (triggered ? 1 : 0) != 1) {
                violations.add(new FieldViolation("/entry", "entry",
                        "names one of an event, a segment, a schedule, a date field, an API call or a plugin's trigger"));
                return null;
            }
            if (triggered) {
                if (json.size() > 1) {
                    violations.add(new FieldViolation("/entry", "entry", "a trigger entry has no other field"));
                }
                PluginTrigger trigger = pluginTrigger(json.get("trigger"), "/entry/trigger");
                return trigger == null ? null : new Entry(null, null, null, true, false, null, trigger);
            }
            if (dated) {
                if (json.size() > 1) {
                    violations.add(new FieldViolation("/entry", "entry", "a date entry has no other field"));
                }
                Schedule daily = dateEntry(json.get("date"), "/entry/date");
                return daily == null ? null : new Entry(null, null, null, true, false, daily);
            }
            if (scheduled) {
                if (json.size() > 1) {
                    violations.add(new FieldViolation("/entry", "entry", "a scheduled entry has no other field"));
                }
                Schedule schedule = schedule(json.get("schedule"), "/entry/schedule");
                return schedule == null ? null : new Entry(null, null, null, true, false, schedule);
            }
            if (api) {
                if (!json.get("api").isBoolean() || !json.get("api").asBoolean()) {
                    violations.add(new FieldViolation("/entry/api", "type", "is true: customers enter when an API call names them"));
                }
                if (json.size() > 1) {
                    violations.add(new FieldViolation("/entry", "entry", "an API entry has no other field"));
                }
                return new Entry(null, null, null, true, true, null);
            }
            if (hasEvent) {
                String event = eventType(json.get("event"), "/entry/event");
                return new Entry(event, where(json.get("where"), "/entry/where"), null, true, false, null);
            }
            String segment = text(json, "segment", "/entry");
            if (segment != null && !segment.matches("[a-z][a-z0-9_]{0,63}")) {
                violations.add(new FieldViolation("/entry/segment", "type", "is a segment key"));
            }
            String on = json.path("on").asString("entered");
            if (!Set.of("entered", "exited").contains(on)) {
                violations.add(new FieldViolation("/entry/on", "type", "is entered or exited"));
            }
            if (json.has("where")) {
                violations.add(new FieldViolation("/entry/where", "unknown", "filters events; a segment entry has none"));
            }
            return new Entry(null, null, segment, !"exited".equals(on), false, null);
        }

        /**
         * {@code {"field": "birthday", "annual": true, "daysBefore": 0, "at": "09:00", "zone": "Asia/Shanghai"}}: every
         * day at {@code at} (default 09:00) in the zone (default Asia/Shanghai), the customers whose date field is that
         * day plus {@code daysBefore} (0 to 365), in any year when {@code annual} (the default). Read as a daily
         * schedule whose members are found by the date instead of a segment.
         */
        private @Nullable Schedule dateEntry(JsonNode json, String at) {
            if (json == null || !json.isObject()) {
                violations.add(new FieldViolation(at, "type", "must be {\"field\", \"annual\", \"daysBefore\", \"at\", \"zone\"}"));
                return null;
            }
            for (String name : json.propertyNames()) {
                if (!Set.of("field", "annual", "daysBefore", "at", "zone").contains(name)) {
                    violations.add(new FieldViolation(at + "/" + name, "unknown", "is not a field of a date entry"));
                }
            }
            String field = text(json, "field", at);
            if (field != null && !field.matches("[a-zA-Z][a-zA-Z0-9_]{0,63}")) {
                violations.add(new FieldViolation(at + "/field", "type", "is the name of a date field of the customer"));
            }
            JsonNode annual = json.path("annual");
            if (!annual.isMissingNode() && !annual.isBoolean()) {
                violations.add(new FieldViolation(at + "/annual", "type", "is true (any year) or false (that date)"));
            }
            JsonNode before = json.path("daysBefore");
            if (!before.isMissingNode() && (!before.isIntegralNumber() || before.asInt() < 0 || before.asInt() > 365)) {
                violations.add(new FieldViolation(at + "/daysBefore", "range", "is a whole number of days from 0 to 365"));
            }
            java.time.LocalTime time = java.time.LocalTime.of(9, 0);
            if (json.has("at")) {
                try {
                    time = java.time.LocalTime.parse(json.get("at").asString(""));
                } catch (DateTimeParseException e) {
                    violations.add(new FieldViolation(at + "/at", "time", "is a wall-clock time such as 09:00"));
                }
            }
            java.time.ZoneId zone = zone(json, at);
            if (field == null) {
                return null;
            }
            return new Schedule(DATE_ANCHOR.atTime(time), zone, java.time.Period.ofDays(1), null, null,
                    new DateMatch(field, annual.asBoolean(true), before.asInt(0)));
        }

        private java.time.ZoneId zone(JsonNode json, String at) {
            java.time.ZoneId zone = java.time.ZoneId.of("Asia/Shanghai");
            if (json.has("zone")) {
                try {
                    zone = java.time.ZoneId.of(json.get("zone").asString(""));
                } catch (java.time.DateTimeException e) {
                    violations.add(new FieldViolation(at + "/zone", "zone", "is a time zone such as Asia/Shanghai"));
                }
            }
            return zone;
        }

        /**
         * {@code {"at": "2026-12-24T09:00", "zone": "Asia/Shanghai", "every": "P7D", "until": "2027-03-01T00:00",
         * "segment": "vip"}}; the zone defaults to Asia/Shanghai, {@code every} and {@code until} are optional.
         */
        private Schedule schedule(JsonNode json, String at) {
            if (json == null || !json.isObject()) {
                violations.add(new FieldViolation(at, "type", "must be {\"at\", \"zone\", \"every\", \"until\", \"segment\"}"));
                return null;
            }
            for (String name : json.propertyNames()) {
                if (!Set.of("at", "zone", "every", "until", "segment").contains(name)) {
                    violations.add(new FieldViolation(at + "/" + name, "unknown", "is not a field of a schedule"));
                }
            }
            java.time.LocalDateTime start = localTime(json.get("at"), at + "/at", true);
            java.time.LocalDateTime until = localTime(json.get("until"), at + "/until", false);
            java.time.ZoneId zone = zone(json, at);
            java.time.Period every = null;
            if (json.has("every")) {
                try {
                    every = java.time.Period.parse(json.get("every").asString(""));
                    if (every.isNegative() || every.isZero() || every.toTotalMonths() > 12
                            || every.toTotalMonths() == 0 && every.getDays() > 366) {
                        throw new java.time.format.DateTimeParseException("range", "", 0);
                    }
                } catch (java.time.format.DateTimeParseException e) {
                    violations.add(new FieldViolation(at + "/every", "duration",
                            "is a period of days, weeks or months from P1D to P1Y, such as P1D, P1W or P1M"));
                    every = null;
                }
            }
            if (until != null && start != null && until.isBefore(start)) {
                violations.add(new FieldViolation(at + "/until", "range", "comes after the first occurrence"));
            }
            String segment = text(json, "segment", at);
            if (segment != null && !segment.matches("[a-z][a-z0-9_]{0,63}")) {
                violations.add(new FieldViolation(at + "/segment", "type", "is a segment key"));
            }
            return start == null || segment == null ? null : new Schedule(start, zone, every, until, segment);
        }

        private java.time.LocalDateTime localTime(JsonNode json, String at, boolean required) {
            if (json == null || json.isNull()) {
                if (required) {
                    violations.add(new FieldViolation(at, "required", "is required: a wall-clock time such as 2026-12-24T09:00"));
                }
                return null;
            }
            try {
                return java.time.LocalDateTime.parse(json.asString(""));
            } catch (java.time.format.DateTimeParseException e) {
                violations.add(new FieldViolation(at, "time", "is a wall-clock time such as 2026-12-24T09:00 (no offset: the zone says it)"));
                return null;
            }
        }

        private Reentry reentry(JsonNode json) {
            if (json == null || json.isNull() || (json.isString() && json.asString().equals("never"))) {
                return Reentry.NEVER;
            }
            if (json.isString() && json.asString().equals("always")) {
                return new Reentry("always", 0);
            }
            if (json.isObject() && json.size() == 1 && json.path("afterDays").isIntegralNumber()
                    && json.get("afterDays").asInt() >= 1 && json.get("afterDays").asInt() <= 3650) {
                return new Reentry("after", json.get("afterDays").asInt());
            }
            violations.add(new FieldViolation("/reentry", "type", "is \"never\", \"always\" or {\"afterDays\": 1..3650}"));
            return Reentry.NEVER;
        }

        private Trigger trigger(JsonNode json, String at) {
            if (json == null || !json.isObject()) {
                violations.add(new FieldViolation(at, "type", "must be {\"event\": ..., \"where\": ...}"));
                return null;
            }
            for (String name : json.propertyNames()) {
                if (!Set.of("event", "where").contains(name)) {
                    violations.add(new FieldViolation(at + "/" + name, "unknown", "is not a field of an event trigger"));
                }
            }
            String event = eventType(json.get("event"), at + "/event");
            Condition where = where(json.get("where"), at + "/where");
            return event == null ? null : new Trigger(event, where);
        }

        private Map<String, Node> nodes(JsonNode json) {
            Map<String, Node> out = new LinkedHashMap<>();
            if (json == null || !json.isObject() || json.isEmpty()) {
                violations.add(new FieldViolation("/nodes", "required", "is required: the journey's steps by name"));
                return out;
            }
            if (json.size() > MAX_NODES) {
                violations.add(new FieldViolation("/nodes", "size", "holds at most " + MAX_NODES + " nodes"));
                return out;
            }
            for (String id : json.propertyNames()) {
                String at = "/nodes/" + id;
                if (!NODE_ID.matcher(id).matches()) {
                    violations.add(new FieldViolation(at, "name", "a node's name is a letter then letters, digits, _ or -, up to 64"));
                    continue;
                }
                Node node = node(id, json.get(id), at);
                if (node != null) {
                    out.put(id, node);
                }
            }
            for (Node node : out.values()) {
                for (String target : node.next()) {
                    if (target != null && !json.has(target)) {
                        violations.add(new FieldViolation("/nodes/" + node.id(), "target", "leads to no node: " + target));
                    }
                }
            }
            return out;
        }

        private Node node(String id, JsonNode json, String at) {
            if (json == null || !json.isObject()) {
                violations.add(new FieldViolation(at, "type", "must be an object with a type"));
                return null;
            }
            String type = json.path("type").asString("");
            Set<String> allowed = switch (type) {
                case "wait" -> Set.of("duration", "next");
                case "waitForEvent" -> Set.of("event", "where", "timeout", "onEvent", "onTimeout");
                case "condition" -> Set.of("rule", "yes", "no");
                case "split" -> Set.of("arms", "experiment", "overflow");
                case "tag" -> Set.of("add", "remove", "next");
                case "send" -> Set.of("template", "channels", "purpose", "next");
                case "update" -> Set.of("fields", "next");
                case "action" -> Set.of("plugin", "action", "parameters", "next", "onFailure");
                case "webhook" -> Set.of("url", "data", "next", "onFailure");
                case "end" -> Set.of();
                default -> null;
            };
            if (allowed == null) {
                violations.add(new FieldViolation(at + "/type", "nodeType",
                        "is one of wait, waitForEvent, condition, split, tag, send, update, action, webhook, end"));
                return null;
            }
            for (String name : json.propertyNames()) {
                if (!name.equals("type") && !allowed.contains(name)) {
                    violations.add(new FieldViolation(at + "/" + name, "unknown", "is not a field of a " + type + " node"));
                }
            }
            return switch (type) {
                case "wait" -> new Node.Wait(id, duration(json.get("duration"), at + "/duration"), text(json, "next", at));
                case "waitForEvent" -> new Node.WaitForEvent(id, eventType(json.get("event"), at + "/event"),
                        where(json.get("where"), at + "/where"), duration(json.get("timeout"), at + "/timeout"),
                        text(json, "onEvent", at), text(json, "onTimeout", at));
                case "condition" -> new Node.Branch(id, rule(json.get("rule"), at + "/rule"), text(json, "yes", at),
                        text(json, "no", at));
                case "split" -> split(id, json, at);
                case "tag" -> tag(id, json, at);
                case "send" -> send(id, json, at);
                case "update" -> update(id, json, at);
                case "action" -> action(id, json, at);
                case "webhook" -> webhook(id, json, at);
                default -> new Node.End(id);
            };
        }

        /** {@code {"plugin": .., "name": .., "parameters": {..}}}: checked against the plugin when published. */
        private @Nullable PluginTrigger pluginTrigger(JsonNode json, String at) {
            if (json == null || !json.isObject()) {
                violations.add(new FieldViolation(at, "type", "must be {\"plugin\": ..., \"name\": ..., \"parameters\": {...}}"));
                return null;
            }
            for (String name : json.propertyNames()) {
                if (!Set.of("plugin", "name", "parameters").contains(name)) {
                    violations.add(new FieldViolation(at + "/" + name, "unknown", "is not a field of a trigger"));
                }
            }
            String plugin = pluginName(json, "plugin", at);
            String name = pluginName(json, "name", at);
            tools.jackson.databind.node.ObjectNode parameters = parameters(json.get("parameters"), at + "/parameters");
            return plugin == null || name == null ? null : new PluginTrigger(plugin, name, parameters);
        }

        private Node.Action action(String id, JsonNode json, String at) {
            String plugin = pluginName(json, "plugin", at);
            String action = pluginName(json, "action", at);
            tools.jackson.databind.node.ObjectNode parameters = parameters(json.get("parameters"), at + "/parameters");
            String onFailure = json.has("onFailure") ? text(json, "onFailure", at) : null;
            return new Node.Action(id, plugin, action, parameters, text(json, "next", at), onFailure);
        }

        private Node.Webhook webhook(String id, JsonNode json, String at) {
            java.net.URI url = JourneyWebhooks.url(json.path("url").isString() ? json.path("url").asString() : null);
            if (url == null) {
                violations.add(new FieldViolation(at + "/url", "required",
                        "is an absolute https URL of at most " + JourneyWebhooks.MAX_URL_LENGTH + " characters, without user info"));
            }
            tools.jackson.databind.node.ObjectNode data = parameters(json.get("data"), at + "/data");
            String onFailure = json.has("onFailure") ? text(json, "onFailure", at) : null;
            return new Node.Webhook(id, url, data, text(json, "next", at), onFailure);
        }

        /** A plugin id or an extension's name as a manifest spells it. */
        private @Nullable String pluginName(JsonNode json, String field, String at) {
            JsonNode value = json.get(field);
            if (value == null || !value.isString() || !value.asString().matches("[a-zA-Z][a-zA-Z0-9_.-]{0,63}")) {
                violations.add(new FieldViolation(at + "/" + field, "required", field.equals("plugin")
                        ? "names the plugin by its id" : "names the plugin's " + field + " as its manifest does"));
                return null;
            }
            return value.asString();
        }

        /** An action's or a trigger's parameters, a webhook's data: an object of at most 8 KB (a plugin's schema is checked on publishing). */
        private tools.jackson.databind.node.ObjectNode parameters(JsonNode json, String at) {
            if (json == null || json.isNull()) {
                return tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            }
            if (!json.isObject() || json.toString().length() > 8 * 1024) {
                violations.add(new FieldViolation(at, "type", "must be an object of at most 8 KB"));
                return tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            }
            return ((tools.jackson.databind.node.ObjectNode) json).deepCopy();
        }

        private Node.Tag tag(String id, JsonNode json, String at) {
            List<String> add = tags(json.get("add"), at + "/add");
            List<String> remove = tags(json.get("remove"), at + "/remove");
            if (add.isEmpty() && remove.isEmpty()) {
                violations.add(new FieldViolation(at, "required", "adds or removes at least one tag"));
            }
            return new Node.Tag(id, add, remove, text(json, "next", at));
        }

        private List<String> tags(JsonNode json, String at) {
            List<String> out = new ArrayList<>();
            if (json == null || json.isNull()) {
                return out;
            }
            if (!json.isArray() || json.size() > 20) {
                violations.add(new FieldViolation(at, "type", "must be a list of at most 20 tags"));
                return out;
            }
            for (int i = 0; i < json.size(); i++) {
                JsonNode tag = json.get(i);
                try {
                    out.add(io.quanyu.conditions.PluginFactValues.tag(tag.isString() ? tag.asString() : null));
                } catch (QuanyuException e) {
                    violations.add(new FieldViolation(at + "/" + i, "pattern", "a tag is 1 to 64 letters, digits, '_' or '-'"));
                }
            }
            return out;
        }

        /** The fields of the customer's record to set: a non-empty object of up to 50 field names. */
        private Node.Update update(String id, JsonNode json, String at) {
            JsonNode fields = json.get("fields");
            if (fields == null || !fields.isObject() || fields.isEmpty() || fields.size() > 50) {
                violations.add(new FieldViolation(at + "/fields", "required", "sets 1 to 50 fields of the customer's record"));
                return new Node.Update(id, tools.jackson.databind.node.JsonNodeFactory.instance.objectNode(), text(json, "next", at));
            }
            for (String name : fields.propertyNames()) {
                if (!name.matches("[a-zA-Z][a-zA-Z0-9_]{0,63}")) {
                    violations.add(new FieldViolation(at + "/fields/" + name, "name", "is not a field name"));
                }
            }
            return new Node.Update(id, ((tools.jackson.databind.node.ObjectNode) fields).deepCopy(), text(json, "next", at));
        }

        private Node.Send send(String id, JsonNode json, String at) {
            String template = text(json, "template", at);
            List<String> channels = new ArrayList<>();
            JsonNode list = json.get("channels");
            if (list == null || !list.isArray() || list.isEmpty() || list.size() > 5) {
                violations.add(new FieldViolation(at + "/channels", "required", "lists 1 to 5 channels, in the order to try them"));
            } else {
                list.forEach(c -> channels.add(c.asString("")));
            }
            String purpose = json.path("purpose").asString("marketing");
            if (!Set.of("marketing", "transactional").contains(purpose)) {
                violations.add(new FieldViolation(at + "/purpose", "type", "is marketing or transactional"));
            }
            return new Node.Send(id, template, List.copyOf(channels), purpose, text(json, "next", at));
        }

        /** A split; with a capped arm, an {@code overflow} arm without a cap takes those the caps turn away. */
        private Node.Split split(String id, JsonNode json, String at) {
            List<Node.Arm> arms = arms(json.get("arms"), at + "/arms");
            String overflow = json.has("overflow") ? text(json, "overflow", at) : null;
            boolean capped = arms.stream().anyMatch(a -> a.cap() > 0);
            if (capped && overflow == null && !json.has("overflow")) {
                violations.add(new FieldViolation(at + "/overflow", "required", "names the arm without a cap that takes whom the caps turn away"));
            } else if (overflow != null && arms.stream().noneMatch(a -> overflow.equals(a.name()) && a.cap() == 0)) {
                violations.add(new FieldViolation(at + "/overflow", "target", "is the name of an arm of this split without a cap"));
            }
            return new Node.Split(id, arms, experiment(json.get("experiment"), at + "/experiment"), overflow);
        }

        private List<Node.Arm> arms(JsonNode json, String at) {
            List<Node.Arm> out = new ArrayList<>();
            if (json == null || !json.isArray() || json.size() < 2 || json.size() > 10) {
                violations.add(new FieldViolation(at, "required", "lists 2 to 10 arms: {\"name\", \"percent\", \"next\"}"));
                return out;
            }
            int total = 0;
            Set<String> names = new HashSet<>();
            for (int i = 0; i < json.size(); i++) {
                JsonNode arm = json.get(i);
                String name = text(arm, "name", at + "/" + i);
                JsonNode percent = arm.get("percent");
                if (percent == null || !percent.isIntegralNumber() || percent.asInt() < 0 || percent.asInt() > 100) {
                    violations.add(new FieldViolation(at + "/" + i + "/percent", "percent", "is a whole number from 0 to 100"));
                    continue;
                }
                if (name != null && !names.add(name)) {
                    violations.add(new FieldViolation(at + "/" + i + "/name", "duplicate", "names another arm too"));
                }
                total += percent.asInt();
                boolean holdout = arm.path("holdout").asBoolean(false);
                if (holdout && out.stream().anyMatch(Node.Arm::holdout)) {
                    violations.add(new FieldViolation(at + "/" + i + "/holdout", "holdout", "a split has at most one holdout arm"));
                }
                JsonNode cap = arm.get("cap");
                if (cap != null && (!cap.isIntegralNumber() || cap.asLong() < 1 || cap.asLong() > 100_000_000)) {
                    violations.add(new FieldViolation(at + "/" + i + "/cap", "range", "is a whole number from 1 to 100,000,000"));
                }
                if (cap != null && holdout) {
                    violations.add(new FieldViolation(at + "/" + i + "/cap", "holdout", "a holdout arm has no cap"));
                }
                out.add(new Node.Arm(name, percent.asInt(), text(arm, "next", at + "/" + i), holdout,
                        cap != null && cap.isIntegralNumber() ? (int) Math.clamp(cap.asLong(), 0, 100_000_000) : 0));
            }
            if (out.size() == json.size() && total != 100) {
                violations.add(new FieldViolation(at, "percent", "the arms' percentages add up to " + total + ", not 100"));
            }
            return out;
        }

        private Node.Experiment experiment(JsonNode json, String at) {
            if (json == null || json.isNull()) {
                return null;
            }
            int min = json.path("minPerArm").asInt(100);
            double confidence = json.path("confidence").asDouble(0.95);
            if (!json.isObject() || min < 10 || min > 1_000_000 || confidence < 0.8 || confidence > 0.999) {
                violations.add(new FieldViolation(at, "experiment", "is {\"minPerArm\": 10.., \"confidence\": 0.8..0.999}"));
                return null;
            }
            return new Node.Experiment(min, confidence);
        }

        /** A split's experiment needs the journey's goal; a holdout arm's path takes no action. */
        private void experiments(Map<String, Node> nodes, Trigger goal) {
            for (Node node : nodes.values()) {
                if (!(node instanceof Node.Split split)) {
                    continue;
                }
                if (split.experiment() != null && goal == null) {
                    violations.add(new FieldViolation("/nodes/" + split.id() + "/experiment", "goal",
                            "an experiment counts conversions: the journey needs a goal"));
                }
                for (int i = 0; i < split.arms().size(); i++) {
                    Node.Arm arm = split.arms().get(i);
                    if (arm.holdout() && arm.then() != null && acts(arm.then(), nodes, new HashSet<>())) {
                        violations.add(new FieldViolation("/nodes/" + split.id() + "/arms/" + i, "holdout",
                                "a holdout arm's path takes no action (no tag, send, update, plugin action or webhook)"));
                    }
                }
            }
        }

        private static boolean acts(String id, Map<String, Node> nodes, Set<String> seen) {
            Node node = nodes.get(id);
            if (node == null || !seen.add(id)) {
                return false;
            }
            if (node instanceof Node.Tag || node instanceof Node.Send || node instanceof Node.Update || node instanceof Node.Action
                    || node instanceof Node.Webhook) {
                return true;
            }
            return node.next().stream().anyMatch(n -> n != null && acts(n, nodes, seen));
        }

        /** Every node reachable from the start, and no loop: reported at the nodes that break either. */
        private void graph(String start, Map<String, Node> nodes) {
            Set<String> reached = new LinkedHashSet<>();
            Map<String, Integer> state = new HashMap<>(); // 1 on the path, 2 done
            Deque<String> path = new ArrayDeque<>();
            visit(start, nodes, reached, state, path);
            for (String id : nodes.keySet()) {
                if (!reached.contains(id)) {
                    violations.add(new FieldViolation("/nodes/" + id, "unreachable", "no path from the start leads here"));
                }
            }
        }

        private void visit(String id, Map<String, Node> nodes, Set<String> reached, Map<String, Integer> state, Deque<String> path) {
            Node node = nodes.get(id);
            if (node == null) {
                return;
            }
            Integer seen = state.get(id);
            if (seen != null) {
                if (seen == 1) {
                    List<String> loop = new ArrayList<>(path);
                    loop = loop.subList(loop.indexOf(id), loop.size());
                    loop.add(id);
                    violations.add(new FieldViolation("/nodes/" + id, "loop", "is on a loop: " + String.join(" → ", loop)));
                }
                return;
            }
            state.put(id, 1);
            reached.add(id);
            path.addLast(id);
            for (String next : node.next()) {
                if (next != null) {
                    visit(next, nodes, reached, state, path);
                }
            }
            path.removeLast();
            state.put(id, 2);
        }

        private String eventType(JsonNode json, String at) {
            if (json == null || !json.isString() || json.asString().isBlank() || json.asString().length() > 100) {
                violations.add(new FieldViolation(at, "required", "names an event type"));
                return null;
            }
            return json.asString();
        }

        private Condition where(JsonNode json, String at) {
            return json == null || json.isNull() ? null : condition(json, at, Conditions::parseWithoutBehavior);
        }

        private Condition rule(JsonNode json, String at) {
            if (json == null || json.isNull()) {
                violations.add(new FieldViolation(at, "required", "is the rule a customer must match to go to yes"));
                return null;
            }
            return condition(json, at, Conditions::parse);
        }

        /** The rule parsed; its problems reported under {@code at}, and null, when it is not one. */
        private Condition condition(JsonNode json, String at, java.util.function.Function<JsonNode, Condition> parser) {
            try {
                return parser.apply(json);
            } catch (QuanyuException e) {
                e.violations().forEach(v -> violations.add(new FieldViolation(at + v.pointer(), v.code(), v.message())));
                return null;
            }
        }

        private Duration duration(JsonNode json, String at) {
            if (json == null || !json.isString()) {
                violations.add(new FieldViolation(at, "required", "is an ISO-8601 duration, e.g. PT30M or P2D"));
                return null;
            }
            try {
                Duration d = Duration.parse(json.asString());
                if (d.isNegative() || d.isZero() || d.compareTo(MAX_WAIT) > 0) {
                    violations.add(new FieldViolation(at, "duration", "must be more than zero and at most 366 days"));
                    return null;
                }
                return d;
            } catch (DateTimeParseException e) {
                violations.add(new FieldViolation(at, "duration", "is an ISO-8601 duration, e.g. PT30M or P2D"));
                return null;
            }
        }

        private String text(JsonNode json, String field, String at) {
            JsonNode value = json == null ? null : json.get(field);
            if (value == null || !value.isString() || value.asString().isBlank()) {
                if (!at.isEmpty()) {
                    violations.add(new FieldViolation(at + "/" + field, "required", "is required"));
                }
                return null;
            }
            return value.asString();
        }
    }
}
