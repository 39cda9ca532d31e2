package io.quanyu.plugin.testkit;

import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.objects.schema.Increments;
import io.quanyu.objects.schema.RecordValidator;
import io.quanyu.plugin.runtime.PlatformErrors;
import io.quanyu.plugin.runtime.RecordArguments;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.RecordPage;
import io.quanyu.plugin.sdk.Records;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One tenant's records in memory, with the platform's rules: the filter language ({@link FilterLanguage}), sort
 * with missing values first ascending, pages of 1 to 200, creation order without a sort, a version per write and
 * {@code VERSION_CONFLICT}, deleted records kept with {@code _deletedAt} (invisible to reads), creates under a
 * caller's key answered once, guarded increments applied at most once per key among a record's last
 * {@value Records#ONCE_KEYS_KEPT}, and guarded updates. For the object types the installed plugins contribute, every
 * write is checked as the platform checks it: the platform's record validator (the type's JSON Schema, defaults,
 * normalised phones and e-mails, formulas), unique fields, and the increment rules ({@link Increments}: number
 * fields only, whole numbers for integers, min and max). Other objects (the tenant's own, such as {@code customer})
 * take any values; references and auto-numbers are the real host's to check.
 */
final class InMemoryRecords {
    private static final String DELETED_AT = "_deletedAt";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Map<String, Map<String, Map<String, Object>>> tables = new ConcurrentHashMap<>();
    private final Map<String, Deque<String>> onceKeys = new ConcurrentHashMap<>();
    private final Map<String, String> keyed = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Function<String, @Nullable ObjectType> types;

    /** {@code types}: the contributed object type of an api name, or null for an object the test kit does not check. */
    InMemoryRecords(Clock clock, Function<String, @Nullable ObjectType> types) {
        this.clock = clock;
        this.types = types;
    }

    /**
     * The fields a write leaves, checked and normalised as the platform does for a contributed type ({@code current}:
     * the record's fields before the write, empty for a new record); {@code changes} as given for other objects.
     */
    private Map<String, Object> checked(String object, Map<String, Object> current, Map<String, @Nullable Object> changes,
                                        @Nullable String id) {
        ObjectType type = types.apply(object);
        Map<String, Object> merged = new LinkedHashMap<>();
        current.forEach((k, v) -> {
            if (!k.startsWith("_") && (type == null || type.field(k).map(f -> !f.type().computed()).orElse(true))) {
                merged.put(k, v);
            }
        });
        changes.forEach((k, v) -> {
            if (v == null) {
                merged.remove(k);
            } else {
                merged.put(k, v);
            }
        });
        if (type == null) {
            return merged;
        }
        RecordValidator validator = RecordValidator.of(type);
        ObjectNode node = JSON.valueToTree(merged);
        if (current.isEmpty()) {
            validator.applyDefaults(node);
        }
        Map<String, Object> valid = PlatformErrors.translated(() -> stored(type, validator.validate(node)));
        for (FieldDef field : type.fields()) {
            Object value = valid.get(field.apiName());
            if (field.unique() && value != null && live(object).stream().anyMatch(r -> !r.get("_id").equals(id)
                    && FilterLanguage.matches(r, Map.of("field", field.apiName(), "op", "eq", "value", value)))) {
                throw new PluginException("RECORD_DUPLICATE", "Another " + object + " record already has this "
                        + field.apiName());
            }
        }
        return valid;
    }

    /** A validated record as the platform answers it: integer fields as {@code Long}, decimals as {@code BigDecimal}. */
    private static Map<String, Object> stored(ObjectType type, ObjectNode valid) {
        Map<String, Object> out = new LinkedHashMap<>();
        valid.properties().forEach(e -> {
            FieldDef field = type.field(e.getKey()).orElse(null);
            JsonNode value = e.getValue();
            if (value.isNull()) {
                return;
            }
            Object plain = JSON.convertValue(value, Object.class);
            if (field != null && value.isNumber()) {
                plain = field.type() == FieldType.INTEGER ? (Object) value.longValue() : value.decimalValue();
            }
            out.put(e.getKey(), plain);
        });
        return out;
    }

    /** Replaces a record's fields (not its platform fields) with {@code fields} and moves its version on. */
    private static void replace(Map<String, Object> record, Map<String, Object> fields) {
        record.keySet().removeIf(k -> !k.startsWith("_"));
        record.putAll(fields);
        record.put("_version", (Long) record.get("_version") + 1);
    }

    /** The live records of one object, in creation order. */
    List<Map<String, Object>> live(String object) {
        return table(object).values().stream().filter(r -> !r.containsKey(DELETED_AT)).map(InMemoryRecords::copy).toList();
    }

    Records view() {
        return new View();
    }

    private Map<String, Map<String, Object>> table(String object) {
        return tables.computeIfAbsent(object, o -> Collections.synchronizedMap(new LinkedHashMap<>()));
    }

    private static Map<String, Object> copy(Map<String, Object> record) {
        synchronized (record) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(record));
        }
    }

    private Map<String, Object> liveRecord(String object, String id) {
        Map<String, Object> record = table(object).get(id);
        if (record == null || record.containsKey(DELETED_AT)) {
            throw new PluginException("RECORD_NOT_FOUND", "There is no " + object + " record " + id);
        }
        return record;
    }

    private static void checkKey(String object, String pointer, @Nullable String key) {
        if (key == null || key.isEmpty() || key.length() > Records.MAX_KEY_LENGTH) {
            throw new PluginException("RECORD_VALIDATION_FAILED", "The " + object + " record is not valid [" + pointer
                    + " give 1 to " + Records.MAX_KEY_LENGTH + " characters]");
        }
    }


    private final class View implements Records {

        @Override
        public Optional<Map<String, Object>> get(String object, String id) {
            Map<String, Object> record = table(object).get(id);
            return record == null || record.containsKey(DELETED_AT) ? Optional.empty() : Optional.of(copy(record));
        }

        @Override
        public RecordPage find(String object, Map<String, Object> filter, List<Sort> sort, int limit,
                               @Nullable String cursor) {
            FilterLanguage.check(filter);
            List<Map<String, Object>> matching = new ArrayList<>(live(object).stream()
                    .filter(r -> FilterLanguage.matches(r, filter)).toList());
            if (!sort.isEmpty()) {
                Comparator<Map<String, Object>> order = null;
                for (Sort key : sort) {
                    Comparator<Map<String, Object>> one = Comparator.comparing(r -> r.get(key.field()), FilterLanguage.VALUES);
                    one = key.descending() ? one.reversed() : one;
                    order = order == null ? one : order.thenComparing(one);
                }
                matching.sort(order.thenComparing(r -> String.valueOf(r.get("_id"))));
            }
            int size = Math.clamp(limit, 1, 200);
            int from = cursor == null ? 0 : Integer.parseInt(cursor);
            int to = Math.min(matching.size(), from + size);
            return new RecordPage(matching.subList(from, to), to < matching.size() ? String.valueOf(to) : null);
        }

        @Override
        public long count(String object, Map<String, Object> filter, long atMost) {
            if (atMost < 1 || atMost > MAX_COUNT) {
                throw FilterLanguage.invalid("/atMost", "count 1 to " + MAX_COUNT + " records");
            }
            FilterLanguage.check(filter);
            return Math.min(atMost, live(object).stream().filter(r -> FilterLanguage.matches(r, filter)).count());
        }

        @Override
        public Map<String, Object> create(String object, Map<String, Object> values) {
            return insert(object, UUID.randomUUID().toString().replace("-", ""), values);
        }

        /** One insert at a time per tenant (every call has a view of its own), so unique fields and keys hold. */
        private Map<String, Object> insert(String object, String id, Map<String, Object> values) {
            synchronized (InMemoryRecords.this) {
                Map<String, Object> record = new LinkedHashMap<>();
                record.put("_id", id);
                record.put("_version", 1L);
                record.putAll(checked(object, Map.of(), values, id));
                table(object).put(id, record);
                return copy(record);
            }
        }

        @Override
        public Created create(String object, String key, Map<String, Object> values) {
            checkKey(object, "/key", key);
            synchronized (InMemoryRecords.this) {
                String id = keyed.get(object + "\n" + key);
                if (id != null) {
                    return new Created(copy(table(object).get(id)), false);
                }
                Map<String, Object> record = create(object, values);
                keyed.put(object + "\n" + key, (String) record.get("_id"));
                return new Created(record, true);
            }
        }

        @Override
        public List<Created> createAll(String object, List<Keyed> batch) {
            synchronized (InMemoryRecords.this) {
                return createAllAtOnce(object, batch);
            }
        }

        private List<Created> createAllAtOnce(String object, List<Keyed> batch) {
            RecordArguments.batch(batch);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < batch.size(); i++) {
                Keyed record = batch.get(i);
                checkKey(object, "/records/" + i + "/key", record.key());
                try {
                    if (seen.add(record.key()) && !keyed.containsKey(object + "\n" + record.key())) {
                        checked(object, Map.of(), record.values(), null);
                    }
                } catch (PluginException e) {
                    throw new PluginException(e.code(), "/records/" + i + ": " + e.getMessage());
                }
            }
            return batch.stream().map(record -> create(object, record.key(), record.values())).toList();
        }

        @Override
        public Map<String, Object> update(String object, String id, long expectedVersion,
                                          Map<String, @Nullable Object> changes) {
            Map<String, Object> record = liveRecord(object, id);
            synchronized (InMemoryRecords.this) { // the tenant first, then the record: the unique check reads the others
                synchronized (record) {
                    if ((Long) record.get("_version") != expectedVersion) {
                        throw new PluginException("VERSION_CONFLICT", "The " + object + " record " + id
                                + " was changed by someone else (now version " + record.get("_version") + ")");
                    }
                    replace(record, checked(object, record, changes, id));
                    return copy(record);
                }
            }
        }

        @Override
        public Optional<Map<String, Object>> increment(String object, String id, Map<String, ? extends Number> deltas,
                                                       Map<String, Object> guard, @Nullable String onceKey) {
            Map<String, BigDecimal> exact = RecordArguments.exactDeltas(object, deltas);
            ObjectType type = types.apply(object);
            if (type != null) {
                PlatformErrors.translated(() -> {
                    Increments.check(type, exact);
                    return null;
                });
            } else if (exact.isEmpty() || exact.size() > Increments.MAX_FIELDS) {
                throw new PluginException("RECORD_VALIDATION_FAILED", "The " + object
                        + " record is not valid [/deltas add to 1 to " + Increments.MAX_FIELDS + " fields]");
            }
            if (onceKey != null) {
                checkKey(object, "/onceKey", onceKey);
            }
            FilterLanguage.check(guard);
            Map<String, Object> record = liveRecord(object, id);
            synchronized (InMemoryRecords.this) { // the tenant first, then the record: the unique check reads the others
                synchronized (record) {
                    Deque<String> seen = onceKeys.computeIfAbsent(object + "\n" + id, k -> new ArrayDeque<>());
                    if (onceKey != null && seen.contains(onceKey)) {
                        return Optional.of(copy(record));
                    }
                    if (!FilterLanguage.matches(record, guard)) {
                        return Optional.empty();
                    }
                    Map<String, Object> sums = new LinkedHashMap<>();
                    for (var e : exact.entrySet()) {
                        Object stored = record.get(e.getKey());
                        FieldDef field = type == null ? null : type.field(e.getKey()).orElseThrow();
                        if (field != null && !Increments.fits(field, stored == null ? null
                                : FilterLanguage.decimal((Number) stored), e.getValue())) {
                            return Optional.empty();
                        }
                        sums.put(e.getKey(), sum(object, field, e.getKey(), stored, e.getValue()));
                    }
                    record.putAll(sums);
                    record.put("_version", (Long) record.get("_version") + 1);
                    if (onceKey != null) {
                        seen.addLast(onceKey);
                        while (seen.size() > ONCE_KEYS_KEPT) {
                            seen.removeFirst();
                        }
                    }
                    return Optional.of(copy(record));
                }
            }
        }

        private static Object sum(String object, @Nullable FieldDef def, String field, @Nullable Object stored,
                                  BigDecimal delta) {
            if (def != null) {
                BigDecimal from = stored == null ? BigDecimal.ZERO : FilterLanguage.decimal((Number) stored);
                return def.type() == FieldType.INTEGER ? (Object) from.add(delta).longValueExact() : from.add(delta);
            }
            if (stored != null && !(stored instanceof Number)) {
                throw new PluginException("RECORD_VALIDATION_FAILED", "The " + object + " record is not valid [/deltas/"
                        + field + " only integer and decimal fields can be added to]");
            }
            BigDecimal from = stored == null ? BigDecimal.ZERO : FilterLanguage.decimal((Number) stored);
            boolean whole = stored == null || stored instanceof Long || stored instanceof Integer;
            if (whole && stored != null && delta.stripTrailingZeros().scale() > 0) {
                throw new PluginException("RECORD_VALIDATION_FAILED", "The " + object + " record is not valid [/deltas/"
                        + field + " an integer field takes whole numbers]");
            }
            BigDecimal result = from.add(delta);
            return whole && result.stripTrailingZeros().scale() <= 0 ? (Object) result.longValueExact() : result;
        }

        @Override
        public Optional<Map<String, Object>> updateWhere(String object, String id, Map<String, Object> guard,
                                                         Map<String, @Nullable Object> changes) {
            FilterLanguage.check(guard);
            Map<String, Object> record = liveRecord(object, id);
            synchronized (InMemoryRecords.this) { // the tenant first, then the record: the unique check reads the others
                synchronized (record) {
                    if (!FilterLanguage.matches(record, guard)) {
                        return Optional.empty();
                    }
                    replace(record, checked(object, record, changes, id));
                    return Optional.of(copy(record));
                }
            }
        }

        @Override
        public void delete(String object, String id) {
            Map<String, Object> record = liveRecord(object, id);
            synchronized (record) {
                record.put(DELETED_AT, clock.instant().toString());
                record.put("_version", (Long) record.get("_version") + 1);
            }
        }
    }
}
