package io.quanyu.scheduling;

import io.quanyu.core.error.FieldViolation;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.types.Decimal128;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Timer payloads: checked and turned into BSON when scheduled, turned back into plain Java values when fired. */
final class Payloads {
    private static final DocumentCodec CODEC = new DocumentCodec();

    private Payloads() {
    }

    /** The payload as BSON, or null after adding the reasons it cannot be stored to {@code violations}. */
    static Document toBson(Map<String, Object> payload, String pointer, List<FieldViolation> violations) {
        int before = violations.size();
        Document document = document(payload, pointer, violations);
        if (violations.size() > before) {
            return null;
        }
        int bytes = new RawBsonDocument(document, CODEC).getByteBuffer().remaining();
        if (bytes > TimerRequest.MAX_PAYLOAD_BYTES) {
            violations.add(new FieldViolation(pointer, "size", "is " + bytes + " bytes encoded; at most "
                    + TimerRequest.MAX_PAYLOAD_BYTES + " are allowed"));
            return null;
        }
        return document;
    }

    private static Document document(Map<?, ?> map, String pointer, List<FieldViolation> violations) {
        Document out = new Document();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            String at = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
            if (name.isEmpty() || name.contains(".") || name.startsWith("$") || name.indexOf('\0') >= 0) {
                violations.add(new FieldViolation(at, "pattern", "names are not empty and have no '.', leading '$' or NUL"));
                continue;
            }
            out.append(name, value(entry.getValue(), at, violations));
        }
        return out;
    }

    private static Object value(Object value, String pointer, List<FieldViolation> violations) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Integer i -> i;
            case Long l -> l;
            case Double d -> d;
            case BigDecimal d -> new Decimal128(d);
            case Instant i -> Date.from(i);
            case Map<?, ?> m -> document(m, pointer, violations);
            case List<?> l -> list(l, pointer, violations);
            default -> {
                violations.add(new FieldViolation(pointer, "type", "a " + value.getClass().getSimpleName()
                        + " cannot be stored; use strings, booleans, integers, longs, doubles, BigDecimal, Instant, lists or maps"));
                yield null;
            }
        };
    }

    private static List<Object> list(List<?> list, String pointer, List<FieldViolation> violations) {
        List<Object> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(value(list.get(i), pointer + "/" + i, violations));
        }
        return out;
    }

    /** The stored payload as the handler sees it: unmodifiable maps and lists, Instant and BigDecimal values. */
    static Map<String, Object> fromBson(Document stored) {
        return stored == null ? Map.of() : map(stored);
    }

    private static Map<String, Object> map(Map<String, Object> stored) {
        Map<String, Object> out = new LinkedHashMap<>();
        stored.forEach((name, value) -> out.put(name, plain(value)));
        return Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("unchecked")
    private static Object plain(Object value) {
        return switch (value) {
            case Date d -> d.toInstant();
            case Decimal128 d -> d.bigDecimalValue();
            case Map<?, ?> m -> map((Map<String, Object>) m);
            case List<?> l -> Collections.unmodifiableList(l.stream().map(Payloads::plain).toList());
            case null, default -> value;
        };
    }
}
