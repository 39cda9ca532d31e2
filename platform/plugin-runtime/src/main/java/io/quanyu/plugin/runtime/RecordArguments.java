package io.quanyu.plugin.runtime;

import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.Records;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the arguments of {@link Records}' single-step writes are read before they reach a store, one rule for the
 * platform and the test kit: deltas as exact decimals (so {@code 0.1} adds one tenth, not a binary neighbour of it),
 * and the size of a {@code createAll} batch.
 */
public final class RecordArguments {

    private RecordArguments() {
    }

    /** {@code batch}, if it holds at most {@link Records#MAX_CREATE_ALL} records; {@code RECORD_BATCH_TOO_LARGE} else. */
    public static java.util.List<Records.Keyed> batch(java.util.List<Records.Keyed> batch) {
        if (batch.size() > Records.MAX_CREATE_ALL) {
            throw new PluginException("RECORD_BATCH_TOO_LARGE", "createAll takes at most " + Records.MAX_CREATE_ALL
                    + " records, not " + batch.size());
        }
        return batch;
    }

    /** The deltas as exact decimals; a null, not-a-number or infinite delta is {@code RECORD_VALIDATION_FAILED}. */
    public static Map<String, BigDecimal> exactDeltas(String object, Map<String, ? extends Number> deltas) {
        Map<String, BigDecimal> exact = new LinkedHashMap<>();
        deltas.forEach((field, delta) -> {
            try {
                exact.put(field, switch (delta) {
                    case BigDecimal d -> d;
                    case Long l -> BigDecimal.valueOf(l);
                    case Integer i -> BigDecimal.valueOf(i);
                    case null -> throw new NumberFormatException("null");
                    default -> new BigDecimal(delta.toString());
                });
            } catch (NumberFormatException e) {
                throw new PluginException("RECORD_VALIDATION_FAILED",
                        "The " + object + " record is not valid [/deltas/" + field + " give a finite number, not " + delta + "]");
            }
        });
        return exact;
    }
}
