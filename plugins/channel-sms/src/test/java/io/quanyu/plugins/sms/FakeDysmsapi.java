package io.quanyu.plugins.sms;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Dysmsapi's {@code SendSms} as the tests need it, on 127.0.0.1: it checks each request as Alibaba's gateway does (its
 * own computation of the RPC signature with the account's secret, the timestamp within 15 minutes, a nonce never seen
 * before) and answers with the provider's codes and HTTP statuses; it keeps what it accepted. A test can script the
 * next answers (throttling, an outage) or lose one (the message is taken, the answer breaks off).
 */
final class FakeDysmsapi implements AutoCloseable {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");
    private static final Duration TIMESTAMP_WINDOW = Duration.ofMinutes(15);

    /** A message the fake took: every parameter of the request, by name. */
    record Accepted(Map<String, String> parameters, String bizId) {
        String get(String name) {
            return parameters.get(name);
        }
    }

    /** A scripted answer to the next authenticated request ({@link #LOSE_ANSWER}: take it, break off the answer). */
    private record Scripted(int status, String code, String message) {
    }

    private static final Scripted LOSE_ANSWER = new Scripted(0, "", "");

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    private final List<String> nonceLog = new CopyOnWriteArrayList<>();
    private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
    private final List<String> answered = new CopyOnWriteArrayList<>();
    private final Deque<Scripted> script = new ConcurrentLinkedDeque<>();

    private FakeDysmsapi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A fake that knows one AccessKey. */
    static FakeDysmsapi start(String accessKeyId, String accessKeySecret) {
        try {
            FakeDysmsapi fake = new FakeDysmsapi();
            fake.secrets.put(accessKeyId, accessKeySecret);
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The endpoint to put in the tenant's settings. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next authenticated request gets this answer instead of being sent. */
    void answerNext(int status, String code, String message) {
        script.add(new Scripted(status, code, message));
    }

    /**
     * The next authenticated request's message is taken, but its answer breaks off after the headers, as when the
     * network fails or the client gives up waiting (an HTTP client retries nothing once an answer has begun).
     */
    void loseNextAnswer() {
        script.add(LOSE_ANSWER);
    }

    /** The messages taken, oldest first. */
    List<Accepted> accepted() {
        return List.copyOf(accepted);
    }

    /** The {@code Code} of every answer given, oldest first ({@code OK} for a message taken). */
    List<String> answered() {
        return List.copyOf(answered);
    }

    /** The {@code SignatureNonce} of every request that carried a valid signature, oldest first. */
    List<String> nonces() {
        return List.copyOf(nonceLog);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> parameters = query(exchange.getRequestURI().getRawQuery());
            if (refused(exchange, parameters)) {
                return;
            }
            Scripted next = script.poll();
            if (next == LOSE_ANSWER) {
                accepted.add(new Accepted(parameters, bizId()));
                answered.add("(lost)");
                exchange.sendResponseHeaders(200, 100);
                exchange.getResponseBody().write("{\"RequestId\":".getBytes(StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
                throw new IOException("the fake cuts the answer short");
            }
            if (next != null) {
                answer(exchange, next.status(), next.code(), next.message(), null);
                return;
            }
            if (!parameters.getOrDefault("PhoneNumbers", "").matches("1[0-9]{10}|[2-9][0-9]{6,14}")) {
                answer(exchange, 200, "isv.MOBILE_NUMBER_ILLEGAL", "非法手机号", null);
                return;
            }
            String bizId = bizId();
            accepted.add(new Accepted(parameters, bizId));
            answer(exchange, 200, "OK", "OK", bizId);
        }
    }

    /** Answers the gateway's refusal and returns true, or returns false for a request that passes its checks. */
    private boolean refused(HttpExchange exchange, Map<String, String> parameters) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod()) || !"SendSms".equals(parameters.get("Action"))
                || !"2017-05-25".equals(parameters.get("Version"))) {
            return refuse(exchange, 404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.");
        }
        if (!"HMAC-SHA1".equals(parameters.get("SignatureMethod")) || !"1.0".equals(parameters.get("SignatureVersion"))) {
            return refuse(exchange, 400, "InvalidParameter", "SignatureMethod must be HMAC-SHA1, SignatureVersion 1.0.");
        }
        String secret = secrets.get(parameters.getOrDefault("AccessKeyId", ""));
        if (secret == null) {
            return refuse(exchange, 404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }
        Instant timestamp;
        try {
            timestamp = LocalDateTime.parse(parameters.getOrDefault("Timestamp", ""), TIMESTAMP).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return refuse(exchange, 400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
        }
        if (Duration.between(timestamp, Instant.now()).abs().compareTo(TIMESTAMP_WINDOW) > 0) {
            return refuse(exchange, 400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
        }
        Map<String, String> signed = new TreeMap<>(parameters);
        String given = signed.remove("Signature");
        String stringToSign = "GET&%2F&" + encode(signed.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&")));
        if (!hmacSha1(stringToSign, secret + "&").equals(given)) {
            return refuse(exchange, 400, "SignatureDoesNotMatch",
                    "Specified signature is not matched with our calculation. server string to sign is:" + stringToSign);
        }
        String nonce = parameters.getOrDefault("SignatureNonce", "");
        nonceLog.add(nonce);
        if (nonce.isEmpty() || !nonces.add(nonce)) {
            return refuse(exchange, 400, "SignatureNonceUsed", "Specified signature nonce was used already.");
        }
        return false;
    }

    private boolean refuse(HttpExchange exchange, int status, String code, String message) throws IOException {
        answer(exchange, status, code, message, null);
        return true;
    }

    private void answer(HttpExchange exchange, int status, String code, String message, String bizId) throws IOException {
        answered.add(code);
        StringBuilder body = new StringBuilder("{\"RequestId\":\"").append(UUID.randomUUID()).append('"');
        if (!code.isEmpty()) {
            body.append(",\"Code\":\"").append(code).append("\",\"Message\":\"")
                    .append(message.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        if (bizId != null) {
            body.append(",\"BizId\":\"").append(bizId).append('"');
        }
        byte[] bytes = body.append('}').toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
        exchange.getResponseHeaders().add("Connection", "close");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private String bizId() {
        return (900619746936L + accepted.size()) + "^0";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            parameters.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    /** The encoding Alibaba's documentation builds from {@link URLEncoder}: {@code +} to {@code %20}, ... */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    private static String hmacSha1(String data, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
