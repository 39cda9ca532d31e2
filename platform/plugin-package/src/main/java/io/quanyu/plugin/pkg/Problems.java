package io.quanyu.plugin.pkg;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;

import java.util.LinkedHashMap;
import java.util.Map;

/** The package reader's failures, each with {@code reason} and, where one is to blame, {@code entry} and {@code limit}. */
final class Problems {
    private Problems() {
    }

    static QuanyuException corrupt(String reason, Throwable cause) {
        return new QuanyuException(ErrorCode.PLUGIN_PACKAGE_CORRUPT, Map.of("reason", reason), cause);
    }

    static QuanyuException tooLarge(String reason, String entry, long limit) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason);
        details.put("limit", limit);
        if (entry != null) {
            details.put("entry", entry);
        }
        return new QuanyuException(ErrorCode.PLUGIN_PACKAGE_TOO_LARGE, details);
    }

    static QuanyuException unsafe(String entry, String reason) {
        return new QuanyuException(ErrorCode.PLUGIN_PACKAGE_UNSAFE_ENTRY, Map.of("entry", printable(entry), "reason", reason));
    }

    static QuanyuException layout(String entry, String reason) {
        return new QuanyuException(ErrorCode.PLUGIN_PACKAGE_LAYOUT_INVALID, Map.of("entry", printable(entry), "reason", reason));
    }

    /** Entry names come from the uploader: control characters are shown escaped, never echoed raw. */
    static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c)
                : new String(Character.toChars(c))));
        return out.toString();
    }
}
