package io.quanyu.fakes.wechat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-API daily call quotas of one account (reference §3.10), keyed by the API path ({@code /cgi-bin/...}); the
 * defaults are a new account's, any limit can be changed through the admin API. Counts reset at midnight Beijing time.
 * APIs without a limit are unlimited. Guarded by the owning account's monitor.
 */
final class DailyQuotas {

    static final Map<String, Long> DEFAULT_LIMITS = Map.of(
            "/cgi-bin/token", 2_000L,
            "/cgi-bin/stable_token", 500_000L,
            "/cgi-bin/menu/create", 1_000L,
            "/cgi-bin/menu/get", 10_000L,
            "/cgi-bin/message/custom/send", 500_000L,
            "/cgi-bin/message/template/send", 100_000L,
            "/cgi-bin/qrcode/create", 100_000L,
            "/cgi-bin/user/get", 500L,
            "/cgi-bin/user/info", 5_000_000L);

    private final Map<String, Long> limits = new HashMap<>(DEFAULT_LIMITS);
    private final Map<String, Long> used = new HashMap<>();
    private LocalDate day;

    /** Counts one call; {@code false} when the day's quota is already used up. */
    boolean tryUse(String api, LocalDate today) {
        if (!today.equals(day)) {
            day = today;
            used.clear();
        }
        long count = used.getOrDefault(api, 0L);
        Long limit = limits.get(api);
        if (limit != null && count >= limit) {
            return false;
        }
        used.put(api, count + 1);
        return true;
    }

    void setLimit(String api, long limit) {
        if (!api.startsWith("/")) {
            throw new IllegalArgumentException("a quota is keyed by the API path, e.g. /cgi-bin/message/custom/send");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("a limit is not negative");
        }
        limits.put(api, limit);
    }

    Map<String, Object> snapshot(LocalDate today) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("limits", new TreeMap<>(limits));
        out.put("used", today.equals(day) ? new TreeMap<>(used) : Map.of());
        return out;
    }
}
