package io.quanyu.fakes.wechat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One HTTP answer: status, content type, body and extra headers (a redirect's Location). */
record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    static ApiResponse json(Object value) {
        return json(200, value);
    }

    static ApiResponse json(int status, Object value) {
        return new ApiResponse(status, "application/json; charset=utf-8", Json.write(value), Map.of());
    }

    static ApiResponse ok() {
        return json(Json.map("errcode", 0, "errmsg", "ok"));
    }

    static ApiResponse html(int status, String html) {
        return new ApiResponse(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static ApiResponse png(byte[] png) {
        return new ApiResponse(200, "image/png", png, Map.of());
    }

    static ApiResponse redirect(String location) {
        return new ApiResponse(302, "text/plain; charset=utf-8", new byte[0], Map.of("Location", location));
    }
}
