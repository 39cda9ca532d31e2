package io.quanyu.plugin.runtime;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies what a plugin returns into plain JDK JSON values ({@code LinkedHashMap}, {@code ArrayList}, {@code String},
 * {@code Long}, {@code Double}, {@code BigDecimal}, {@code Boolean}, null). Anything else is garbage and refused, and
 * no object of a plugin's class survives the call (so caches elsewhere cannot pin its class loader).
 */
public final class JsonValues {
    private static final int MAX_DEPTH = 64;
    private static final int MAX_NODES = 200_000;

    private JsonValues() {
    }

    /** A deep copy of {@code value} for plugin {@code plugin}'s call {@code call}. */
    public static Object copy(Object value, String plugin, String call) {
        return new Copier(plugin, call).copy(value, "", 0);
    }

    /** A deep copy of a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> copyObject(Object value, String plugin, String call) {
        Object copied = copy(value, plugin, call);
        if (!(copied instanceof Map<?, ?>)) {
            throw bad(plugin, call, "the result is not a JSON object");
        }
        return (Map<String, Object>) copied;
    }

    static QuanyuException bad(String plugin, String call, String reason) {
        return new QuanyuException(ErrorCode.PLUGIN_BAD_RESULT, Map.of("plugin", plugin, "call", call, "reason", reason));
    }

    private static final class Copier {
        private final String plugin;
        private final String call;
        private int nodes;

        Copier(String plugin, String call) {
            this.plugin = plugin;
            this.call = call;
        }

        Object copy(Object value, String at, int depth) {
            if (++nodes > MAX_NODES || depth > MAX_DEPTH) {
                throw bad(plugin, call, "the result is too large or too deep");
            }
            return switch (value) {
                case null -> null;
                case String s -> s;
                case Boolean b -> b;
                case Integer i -> i.longValue();
                case Long l -> l;
                case Short s -> s.longValue();
                case Byte b -> b.longValue();
                case Double d -> finite(d, at);
                case Float f -> finite(f.doubleValue(), at);
                case BigDecimal d -> d;
                case BigInteger i -> new BigDecimal(i);
                case Map<?, ?> m -> object(m, at, depth);
                case Collection<?> c -> array(c, at, depth);
                default -> throw bad(plugin, call, "the value at '" + at + "' is not a JSON value");
            };
        }

        private Object finite(double d, String at) {
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw bad(plugin, call, "the number at '" + at + "' is not finite");
            }
            return d;
        }

        private Map<String, Object> object(Map<?, ?> m, String at, int depth) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw bad(plugin, call, "an object at '" + at + "' has a key that is not text");
                }
                out.put(key, copy(e.getValue(), at + "/" + key, depth + 1));
            }
            return out;
        }

        private List<Object> array(Collection<?> c, String at, int depth) {
            List<Object> out = new ArrayList<>(c.size());
            int i = 0;
            for (Object item : c) {
                out.add(copy(item, at + "/" + i++, depth + 1));
            }
            return out;
        }
    }
}
