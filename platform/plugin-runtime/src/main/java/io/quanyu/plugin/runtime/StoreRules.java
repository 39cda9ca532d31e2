package io.quanyu.plugin.runtime;

import io.quanyu.core.error.QuanyuException;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.PluginStore;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What a {@link PluginStore} accepts, one rule for the platform's store and the test kit's: key names, JSON values
 * (copied, so nothing of the plugin's classes is kept) of at most {@value PluginStore#MAX_VALUE_BYTES} bytes, and
 * times to live from one second to {@link #MAX_TTL}.
 */
public final class StoreRules {
    /** The longest time to live. */
    public static final Duration MAX_TTL = Duration.ofDays(400);
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:/@-]{1," + PluginStore.MAX_KEY_LENGTH + "}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StoreRules() {
    }

    /** {@code key}, if it is a valid key. */
    public static String key(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new PluginException("STORE_KEY_INVALID", "a key has 1 to " + PluginStore.MAX_KEY_LENGTH
                    + " letters, digits and . _ : / @ -");
        }
        return key;
    }

    /** A plain copy of {@code value}, if it is a JSON value (not null) of at most the size limit. */
    public static Object value(Object value) {
        if (value == null) {
            throw new PluginException("STORE_VALUE_INVALID", "a value cannot be null: delete the key instead");
        }
        Object copy;
        try {
            copy = JsonValues.copy(value, "store", "store");
        } catch (QuanyuException e) {
            throw new PluginException("STORE_VALUE_INVALID", String.valueOf(e.details().get("reason")));
        }
        int size = json(copy).length;
        if (size > PluginStore.MAX_VALUE_BYTES) {
            throw new PluginException("STORE_VALUE_TOO_LARGE", "the value is " + size + " bytes as JSON, at most "
                    + PluginStore.MAX_VALUE_BYTES + " are kept");
        }
        return copy instanceof BigDecimal d ? d.doubleValue() : copy;
    }

    /** {@code ttl}, if null or within the limits. */
    public static @Nullable Duration ttl(@Nullable Duration ttl) {
        if (ttl != null && (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0)) {
            throw new PluginException("STORE_TTL_INVALID", "a time to live is from 1 second to " + MAX_TTL.toDays()
                    + " days, or null");
        }
        return ttl;
    }

    /** The value as UTF-8 JSON (what is sealed, and what the size limit counts). */
    public static byte[] json(Object value) {
        return JSON.writeValueAsBytes(value);
    }

    /** A JSON value read back from {@link #json}. */
    public static Object fromJson(byte[] json) {
        return JsonValues.copy(JSON.readValue(json, Object.class), "store", "store");
    }

    /** The error for incrementing something that is not a counter. */
    public static PluginException notACounter(String key) {
        return new PluginException("STORE_NOT_A_COUNTER", "the entry " + key + " is not a whole-number counter");
    }
}
