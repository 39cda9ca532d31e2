package io.quanyu.plugin.runtime;

import io.quanyu.core.net.EgressPolicy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.PluginHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The plugin HTTP client and socket factory against a partner on this machine: the operator allows {@code localhost}
 * (as for a fake in a test environment), the release declares {@code localhost} and the metadata address; every hop
 * of a redirect is checked, bodies are capped, and sockets connect only where HTTP may.
 */
class PluginHttpEgressTest {
    private static HttpServer partner;
    private static String base;
    private static DefaultPluginHttp client;
    private static PluginHttp http;

    @BeforeAll
    static void start() throws IOException {
        partner = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        base = "http://localhost:" + partner.getAddress().getPort();
        partner.createContext("/hello", ex -> answer(ex, 200, "hi"));
        partner.createContext("/echo", ex -> answer(ex, 200, ex.getRequestMethod() + " "
                + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        partner.createContext("/to-hello", ex -> redirect(ex, 302, "/hello"));
        partner.createContext("/to-echo-307", ex -> redirect(ex, 307, "/echo"));
        partner.createContext("/to-echo-303", ex -> redirect(ex, 303, "/echo"));
        partner.createContext("/to-metadata", ex -> redirect(ex, 302, "http://169.254.169.254/latest/meta-data/"));
        partner.createContext("/to-elsewhere", ex -> redirect(ex, 301, "http://partner.example.test/"));
        partner.createContext("/to-ftp", ex -> redirect(ex, 302, "ftp://localhost/file"));
        partner.createContext("/loop", ex -> redirect(ex, 302, "/loop"));
        partner.createContext("/big", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                for (int sent = 0; sent <= PluginHttp.MAX_RESPONSE_BYTES; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException closedByTheClient) {
                // the client stops reading past the cap
            }
        });
        partner.start();
        client = new DefaultPluginHttp(Duration.ofSeconds(5));
        http = client.forRelease(Egress.of(List.of("localhost", "169.254.169.254"), EgressPolicy.allowingPrivate("localhost")));
    }

    @AfterAll
    static void stop() {
        client.close();
        partner.stop(0);
    }

    @Test
    void aDeclaredAllowedHostIsReachedAsTextAsBytesAndThroughItsRedirects() {
        assertThat(http.send(get("/hello")).body()).isEqualTo("hi");
        assertThat(http.sendForBytes(get("/hello")).body()).containsExactly('h', 'i');
        assertThat(http.send(get("/to-hello")).body()).isEqualTo("hi");
        var post = HttpRequest.newBuilder(URI.create(base + "/to-echo-307")).POST(HttpRequest.BodyPublishers.ofString("ping")).build();
        assertThat(http.send(post).body()).as("307 repeats the request").isEqualTo("POST ping");
        var seeOther = HttpRequest.newBuilder(URI.create(base + "/to-echo-303")).POST(HttpRequest.BodyPublishers.ofString("ping")).build();
        assertThat(http.send(seeOther).body()).as("303 turns it into a GET").isEqualTo("GET ");
        assertThat(http.send(get("/loop")).statusCode()).as("after five hops the redirect is the answer").isEqualTo(302);
    }

    @Test
    void everyHopIsCheckedAndLoopbackMetadataAndUndeclaredHostsAreRefused() {
        refused(() -> http.send(get("/to-metadata")), "EGRESS_ADDRESS_BLOCKED");
        refused(() -> http.send(get("/to-elsewhere")), "EGRESS_NOT_DECLARED");
        refused(() -> http.send(HttpRequest.newBuilder(URI.create(base.replace("localhost", "127.0.0.1") + "/hello")).build()),
                "EGRESS_NOT_DECLARED");
        refused(() -> http.send(HttpRequest.newBuilder(URI.create("http://169.254.169.254/latest/meta-data/")).build()),
                "EGRESS_ADDRESS_BLOCKED");
        refused(() -> http.send(get("/to-ftp")), "HTTP_FAILED");
        PluginHttp strict = client.forRelease(Egress.of(List.of("localhost"), EgressPolicy.strict()));
        refused(() -> strict.send(get("/hello")), "EGRESS_ADDRESS_BLOCKED");
    }

    @Test
    void aBodyPastTheCapIsRefused() {
        refused(() -> http.sendForBytes(get("/big")), "HTTP_RESPONSE_TOO_LARGE");
        refused(() -> http.send(get("/big")), "HTTP_RESPONSE_TOO_LARGE");
    }

    @Test
    void socketsConnectOnlyWhereHttpMay() throws IOException {
        try (Socket socket = http.sockets().createSocket("localhost", partner.getAddress().getPort())) {
            socket.getOutputStream().write("GET /hello HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(reader.readLine()).startsWith("HTTP/1.1 200");
            assertThat(socket.getSoTimeout()).as("reads are capped").isEqualTo(5_000);
        }
        assertThatThrownBy(() -> http.sockets().createSocket("169.254.169.254", 80))
                .isInstanceOf(SocketException.class).hasMessageStartingWith("EGRESS_ADDRESS_BLOCKED: ");
        assertThatThrownBy(() -> http.sockets().createSocket(InetAddress.getLoopbackAddress(), partner.getAddress().getPort()))
                .isInstanceOf(SocketException.class).hasMessageStartingWith("EGRESS_NOT_DECLARED: ");
        Socket unconnected = http.sockets().createSocket();
        assertThatThrownBy(() -> unconnected.connect(new InetSocketAddress("smtp.example.test", 25), 1_000))
                .isInstanceOf(SocketException.class).hasMessageStartingWith("EGRESS_NOT_DECLARED: ");
        unconnected.close();
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).build();
    }

    private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PluginException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void redirect(HttpExchange ex, int status, String location) throws IOException {
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }
}
