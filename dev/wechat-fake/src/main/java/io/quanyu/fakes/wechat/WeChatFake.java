package io.quanyu.fakes.wechat;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A protocol-true fake of WeChat's Official Account servers on loopback, so the platform's WeChat plugin can be run
 * and tested without Tencent: the outbound APIs ({@code /cgi-bin/...}, {@code /sns/...}, {@code /connect/...}) with
 * WeChat's JSON and error codes, simulated followers whose actions are pushed, signed and (in the encrypted modes)
 * encrypted, to the account's callback URL, and an admin API plus a play page under {@code /fake/}. Point WxJava's
 * api, mp and open hosts at {@link #baseUrl()}.
 *
 * <pre>{@code
 * try (WeChatFake fake = WeChatFake.start()) {
 *     fake.addAccount(AccountConfig.of("wx1", "secret", "token").withCallbackUrl(webhook));
 *     Person li = fake.addPerson("Li Lei");
 *     fake.actAs("wx1", li).follow();
 * }
 * }</pre>
 */
public final class WeChatFake implements AutoCloseable {

    /** WeChat's callback deadline (reference §1.5). */
    public static final Duration CALLBACK_DEADLINE = Duration.ofSeconds(5);

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final FakeTime time = new FakeTime();
    private final Directory directory = new Directory(time);
    private final CallbackDeliverer deliverer;
    private final UrlVerifier verifier;

    private WeChatFake(Builder builder) {
        executor = Executors.newVirtualThreadPerTaskExecutor();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(builder.callbackDeadline)
                .followRedirects(HttpClient.Redirect.NEVER).executor(executor).build();
        deliverer = new CallbackDeliverer(client, time, builder.callbackDeadline, builder.log, executor);
        verifier = new UrlVerifier(client, time, builder.callbackDeadline);
        Authorizer authorizer = new Authorizer(directory, time);
        Router router = new Router();
        new TokenApi(directory, time).register(router);
        new MessageApi(authorizer, deliverer, time).register(router);
        new QrCodeApi(authorizer, directory, time).register(router);
        new CardApi(authorizer, deliverer, time).register(router);
        new UserApi(authorizer).register(router);
        new MenuApi(authorizer).register(router);
        new TagApi(authorizer).register(router);
        new OAuthApi(directory, time).register(router);
        new JsSdk(this, directory).register(router);
        new AdminApi(this, directory).register(router);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), builder.port), 0);
        } catch (IOException e) {
            executor.close();
            client.close();
            throw new UncheckedIOException("cannot listen on port " + builder.port, e);
        }
        server.createContext("/", router);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts on a free port. */
    public static WeChatFake start() {
        return builder().start();
    }

    public static WeChatFake start(int port) {
        return builder().port(port).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash: the api, mp and open host for WxJava. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public FakeTime time() {
        return time;
    }

    /** Adds an account, or replaces the configuration of the one with the same app id (keeping its state). */
    public OfficialAccount addAccount(AccountConfig config) {
        return directory.put(config);
    }

    public OfficialAccount account(String appId) {
        return directory.require(appId);
    }

    public List<OfficialAccount> accounts() {
        return directory.accounts();
    }

    /** A new simulated person, with an openid in every account (present and future) and one unionid. */
    public Person addPerson(String nickname) {
        return directory.addPerson(nickname, 0, null, null, null, null);
    }

    public List<Person> people() {
        return directory.people();
    }

    public FollowerActions actAs(String appId, Person person) {
        return actAs(appId, account(appId).openId(person));
    }

    public FollowerActions actAs(String appId, String openId) {
        OfficialAccount account = account(appId);
        if (account.follower(openId) == null) {
            throw new NoSuchElementException("no follower " + openId + " in " + appId);
        }
        return new FollowerActions(account, openId, directory, deliverer, time);
    }

    /** Checks the account's callback URL as the console does when the developer saves it. */
    public Verification verifyCallbackUrl(String appId) {
        return verifier.verify(account(appId).config());
    }

    /** Expires every access token of every account at once (the next business call answers 42001). */
    public void expireAllTokens() {
        for (OfficialAccount account : directory.accounts()) {
            synchronized (account) {
                account.tokens.expireAll(time.now());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        client.shutdownNow();
    }

    /** Options of a fake: port (0 = free), callback deadline (WeChat's 5 s by default), log sink. */
    public static final class Builder {
        private int port;
        private Duration callbackDeadline = CALLBACK_DEADLINE;
        private Consumer<String> log = line -> { };

        private Builder() {
        }

        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** Shortens the per-attempt deadline, so tests of retries do not wait 4 x 5 s. */
        public Builder callbackDeadline(Duration value) {
            this.callbackDeadline = value;
            return this;
        }

        /** Receives one line per callback delivery. */
        public Builder log(Consumer<String> value) {
            this.log = value;
            return this;
        }

        public WeChatFake start() {
            return new WeChatFake(this);
        }
    }
}
