package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code fetch} (egress): reads a URL through the platform's HTTP client as text or bytes, or speaks HTTP/1.0 over
 * one of its checked sockets, and answers the status, the body's length and its first line (for a socket, the
 * status line). The manifest's egress declares {@code localhost} and, to prove they stay blocked, the loopback,
 * private and metadata addresses {@code 127.0.0.1}, {@code 10.0.0.1} and {@code 169.254.169.254}; a refusal answers
 * the platform's code.
 */
@Extension
public class Fetch implements Operation {

    @Override
    public String name() {
        return "fetch";
    }

    @Override
    public OperationResult handle(OperationRequest request) {
        URI url;
        try {
            url = URI.create(String.valueOf(request.input().get("url")));
            HttpRequest.newBuilder(url);
        } catch (IllegalArgumentException e) {
            return OperationResult.refused("URL_INVALID", "not an http or https URL: " + e.getMessage());
        }
        String as = String.valueOf(request.input().getOrDefault("as", "text"));
        try {
            return switch (as) {
                case "bytes" -> answer(request.context().http().sendForBytes(HttpRequest.newBuilder(url).build()));
                case "socket" -> socket(request.context(), url);
                default -> {
                    HttpResponse<String> text = request.context().http().send(HttpRequest.newBuilder(url).build());
                    yield OperationResult.ok(Map.of("status", text.statusCode(), "length", text.body().length(),
                            "firstLine", text.body().lines().findFirst().orElse("")));
                }
            };
        } catch (PluginException refused) {
            return OperationResult.refused(refused.code(), refused.getMessage());
        }
    }

    private static OperationResult answer(HttpResponse<byte[]> response) {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        return OperationResult.ok(Map.of("status", response.statusCode(), "length", response.body().length,
                "firstLine", text.lines().findFirst().orElse("")));
    }

    private static OperationResult socket(PluginContext context, URI url) {
        int port = url.getPort() > 0 ? url.getPort() : 80;
        try (Socket socket = context.http().sockets().createSocket(url.getHost(), port)) {
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: " + url.getHost() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String status = reader.readLine();
            return OperationResult.ok(Map.of("status", Integer.parseInt(status.split(" ")[1]), "length", 0,
                    "firstLine", status));
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            int colon = message.indexOf(": ");
            return message.startsWith("EGRESS_") && colon > 0
                    ? OperationResult.refused(message.substring(0, colon), message.substring(colon + 2))
                    : OperationResult.refused("SOCKET_FAILED", message);
        }
    }
}
