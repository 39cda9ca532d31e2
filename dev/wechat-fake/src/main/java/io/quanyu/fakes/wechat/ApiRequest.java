package io.quanyu.fakes.wechat;

import tools.jackson.databind.JsonNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** One HTTP request as the API groups see it: method, path, decoded query (first value wins), path variables, body. */
record ApiRequest(String method, String path, Map<String, String> query, Map<String, String> pathVariables,
                  byte[] body) {

    static Map<String, String> parseQuery(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(name, value);
        }
        return query;
    }

    String query(String name) {
        return query.get(name);
    }

    String variable(String name) {
        return pathVariables.get(name);
    }

    /** The body as JSON; a WeChat API answers a malformed body with 47001. */
    JsonNode wechatJson() {
        try {
            return Json.read(body);
        } catch (IllegalArgumentException e) {
            throw WeChatError.dataFormat();
        }
    }

    /** The body as JSON for the admin API (a malformed body is a 400). */
    JsonNode json() {
        return Json.read(body);
    }
}
