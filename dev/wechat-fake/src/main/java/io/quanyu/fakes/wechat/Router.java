package io.quanyu.fakes.wechat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Dispatches the fake's HTTP requests to the API groups by method and path ({@code {name}} segments are variables)
 * and turns their exceptions into answers: a {@link WeChatError} is WeChat's HTTP 200 errcode body with a
 * {@code rid}; the admin API's argument, lookup and state errors are 400, 404 and 409 with {@code {"error":...}}.
 */
final class Router implements HttpHandler {

    /** Handles one matched request. */
    interface Handler {
        ApiResponse handle(ApiRequest request);
    }

    private final List<Route> routes = new ArrayList<>();

    Router get(String pattern, Handler handler) {
        routes.add(new Route("GET", pattern.split("/"), handler));
        return this;
    }

    Router post(String pattern, Handler handler) {
        routes.add(new Route("POST", pattern.split("/"), handler));
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        ApiResponse response;
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            response = dispatch(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), body);
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            boolean empty = response.body().length == 0;
            exchange.sendResponseHeaders(response.status(), empty ? -1 : response.body().length);
            if (!empty) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    ApiResponse dispatch(String method, String rawPath, String rawQuery, byte[] body) {
        String[] segments = rawPath.split("/");
        boolean pathMatched = false;
        for (Route route : routes) {
            Map<String, String> variables = route.match(segments);
            if (variables == null) {
                continue;
            }
            pathMatched = true;
            if (route.method.equals(method)) {
                return invoke(route.handler, new ApiRequest(method, rawPath, ApiRequest.parseQuery(rawQuery),
                        variables, body));
            }
        }
        return pathMatched ? ApiResponse.json(405, Json.map("error", method + " is not allowed on " + rawPath))
                : ApiResponse.json(404, Json.map("error", "no such path " + rawPath));
    }

    private static ApiResponse invoke(Handler handler, ApiRequest request) {
        try {
            return handler.handle(request);
        } catch (WeChatError e) {
            return ApiResponse.json(Json.map("errcode", e.code, "errmsg", e.getMessage() + " rid: " + rid()));
        } catch (IllegalArgumentException e) {
            return ApiResponse.json(400, Json.map("error", e.getMessage()));
        } catch (NoSuchElementException e) {
            return ApiResponse.json(404, Json.map("error", e.getMessage()));
        } catch (IllegalStateException e) {
            return ApiResponse.json(409, Json.map("error", e.getMessage()));
        } catch (RuntimeException e) {
            return ApiResponse.json(500, Json.map("error", e.toString()));
        }
    }

    private static String rid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(random.nextInt()) + "-" + hex.toHexDigits(random.nextInt()) + "-"
                + hex.toHexDigits(random.nextInt());
    }

    private record Route(String method, String[] segments, Handler handler) {

        Map<String, String> match(String[] path) {
            if (path.length != segments.length) {
                return null;
            }
            Map<String, String> variables = new HashMap<>();
            for (int i = 0; i < segments.length; i++) {
                String segment = segments[i];
                if (segment.startsWith("{") && segment.endsWith("}")) {
                    variables.put(segment.substring(1, segment.length() - 1),
                            URLDecoder.decode(path[i], StandardCharsets.UTF_8));
                } else if (!segment.equals(path[i])) {
                    return null;
                }
            }
            return variables;
        }
    }
}
