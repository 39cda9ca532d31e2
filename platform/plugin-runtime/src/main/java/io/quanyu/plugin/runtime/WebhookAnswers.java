package io.quanyu.plugin.runtime;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the platform reads a webhook call's query ({@link #query}) and what it accepts as the answer, one rule for the
 * server and the test kit. The answer needs a status from 200 to
 * 599, a content type, at most {@value #MAX_HEADERS} header values, each header an HTTP token that is not one of the
 * headers the platform sets itself ({@link #PLATFORM_HEADERS}), each value at most {@value #MAX_VALUE} characters
 * without control characters (no response splitting).
 */
public final class WebhookAnswers {
    /** Headers the platform sets itself: framing, connection and transport security. */
    public static final Set<String> PLATFORM_HEADERS = Set.of("content-type", "content-length", "transfer-encoding",
            "connection", "keep-alive", "upgrade", "trailer", "te", "date", "server", "strict-transport-security");
    static final int MAX_HEADERS = 50;
    static final int MAX_VALUE = 8192;
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9a-z-]+");

    private WebhookAnswers() {
    }

    /** The answer, or {@code PLUGIN_BAD_RESULT} naming what is wrong with it. */
    public static WebhookResponse checked(WebhookResponse answer, String pluginId, String call) {
        String problem = problem(answer);
        if (problem != null) {
            throw new QuanyuException(ErrorCode.PLUGIN_BAD_RESULT, Map.of("plugin", pluginId, "call", call, "reason", problem));
        }
        return answer;
    }

    /**
     * A query string's parameters, decoded as UTF-8 (a malformed escape is kept as written), in order. The server
     * reads them from the query string itself, never from the servlet's parameters, which would take a form body's
     * fields too and consume the body the plugin needs.
     */
    public static Map<String, List<String>> query(String queryString) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return out;
        }
        for (String pair : queryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return out;
    }

    private static String decode(String text) {
        try {
            return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static String problem(WebhookResponse answer) {
        if (answer == null || answer.status() < 200 || answer.status() > 599 || answer.contentType() == null) {
            return "the response needs a status from 200 to 599 and a content type";
        }
        int count = 0;
        for (Map.Entry<String, List<String>> header : answer.headers().entrySet()) {
            String name = header.getKey();
            if (!TOKEN.matcher(name).matches() || PLATFORM_HEADERS.contains(name)) {
                return "the header " + name + " is not the plugin's to set";
            }
            for (String value : header.getValue()) {
                count++;
                if (value == null || value.length() > MAX_VALUE || value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
                    return "the header " + name + " has a value that is empty, too long or holds a control character";
                }
            }
        }
        return count > MAX_HEADERS ? "at most " + MAX_HEADERS + " header values" : null;
    }
}
