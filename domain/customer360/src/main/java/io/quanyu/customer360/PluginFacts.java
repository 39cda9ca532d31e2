package io.quanyu.customer360;

import io.quanyu.conditions.PluginFactValues;
import org.bson.Document;
import org.bson.types.Decimal128;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Facts plugins keep on a customer's profile, for segments, journeys and rules to use as
 * {@code plugins.<pluginId>.<name>} in the condition language (a WeChat follower's {@code followedAt}, a member's
 * {@code tier}). Each plugin writes only its own, within {@link PluginFactValues}' rules; decimals are stored as
 * {@code Decimal128}. On a merge the survivor keeps its own value of a fact and gains the ones it lacked.
 */
final class PluginFacts {

    private PluginFacts() {
    }

    /** Applies {@code changes} to the plugin's facts, or refuses them all with every violation. */
    static void put(Map<String, Document> facts, String plugin, Map<String, ?> changes) {
        Map<String, Object> current = new LinkedHashMap<>();
        facts.getOrDefault(plugin, new Document()).forEach((name, value) -> current.put(name, plainValue(value)));
        Map<String, Object> next = PluginFactValues.apply(current, changes);
        if (next.isEmpty()) {
            facts.remove(plugin);
            return;
        }
        Document stored = new Document();
        next.forEach((name, value) -> stored.put(name, bson(value)));
        facts.put(plugin, stored);
    }

    private static Object bson(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(PluginFacts::bson).toList();
        }
        return value instanceof BigDecimal d ? new Decimal128(d) : value;
    }

    /** A deep copy (facts are compared and snapshotted). */
    static Map<String, Document> copy(Map<String, Document> facts) {
        Map<String, Document> out = new LinkedHashMap<>();
        facts.forEach((plugin, doc) -> out.put(plugin, new Document(doc)));
        return out;
    }

    /** The facts as plain JSON-ready values (decimals as {@code BigDecimal}). */
    static Map<String, Object> plain(Map<String, Document> facts) {
        Map<String, Object> out = new LinkedHashMap<>();
        facts.forEach((plugin, doc) -> {
            Map<String, Object> values = new LinkedHashMap<>();
            doc.forEach((name, value) -> values.put(name, plainValue(value)));
            out.put(plugin, values);
        });
        return out;
    }

    private static Object plainValue(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(PluginFacts::plainValue).toList();
        }
        return value instanceof Decimal128 d ? d.bigDecimalValue() : value;
    }

    /** The survivor's facts gain the merged profile's where it has none of its own. */
    static void absorb(Map<String, Document> survivor, Map<String, Document> merged) {
        merged.forEach((plugin, theirs) -> {
            Document mine = survivor.computeIfAbsent(plugin, p -> new Document());
            theirs.forEach(mine::putIfAbsent);
        });
    }

    /**
     * Undoes {@link #absorb} on the survivor of an unmerge: drops each fact that came from the merged profile
     * ({@code merged} at the merge, not in {@code survivorAtMerge}) and was not changed since.
     */
    static void unabsorb(Map<String, Document> survivor, Document survivorAtMerge, Document mergedAtMerge) {
        mergedAtMerge.forEach((plugin, theirs) -> {
            Document before = survivorAtMerge.get(plugin, new Document());
            Document now = survivor.get(plugin);
            if (now == null) {
                return;
            }
            ((Document) theirs).forEach((name, value) -> {
                if (!before.containsKey(name) && Objects.equals(now.get(name), value)) {
                    now.remove(name);
                }
            });
            if (now.isEmpty()) {
                survivor.remove(plugin);
            }
        });
    }

    /** The plugins whose facts differ between two states. */
    static Set<String> changed(Map<String, Document> before, Map<String, Document> after) {
        Set<String> out = new LinkedHashSet<>();
        Set<String> all = new LinkedHashSet<>(before.keySet());
        all.addAll(after.keySet());
        for (String plugin : all) {
            if (!Objects.equals(before.get(plugin), after.get(plugin))) {
                out.add(plugin);
            }
        }
        return out;
    }
}
