package io.quanyu.fakes.wechat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Pushes messages to an account's callback URL as WeChat does (reference §1.5): the signed request of
 * {@link CallbackRequest}, a deadline of 5 seconds per attempt, and up to 3 retries of the identical request (same
 * query, same body, so the same MsgId or FromUserName+CreateTime) when the deadline passes or the answer is not 2xx.
 * The answer is read as a {@link PassiveReply}; an accepted reply lands in the follower's messages. Every delivery is
 * recorded on the account and logged in one line.
 */
final class CallbackDeliverer {

    static final int ATTEMPTS = 4;

    private final HttpClient client;
    private final FakeTime time;
    private final Duration deadline;
    private final Consumer<String> log;
    private final Executor executor;
    private final AtomicLong ids = new AtomicLong();

    CallbackDeliverer(HttpClient client, FakeTime time, Duration deadline, Consumer<String> log, Executor executor) {
        this.client = client;
        this.time = time;
        this.deadline = deadline;
        this.log = log;
        this.executor = executor;
    }

    /** Delivers in the background after a delay, as WeChat pushes the results of API calls (template jobs). */
    void deliverLater(OfficialAccount account, InboundMessage message, Duration delay) {
        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS, executor)
                .execute(() -> deliver(account, message));
    }

    Delivery deliver(OfficialAccount account, InboundMessage message) {
        AccountConfig config = account.config();
        String xml = message.toXml();
        String openId = message.fromUser();
        if (config.callbackUrl() == null) {
            return finish(account, new Delivery(ids.incrementAndGet(), config.appId(), openId, message.summary(),
                    message.createTime(), message.msgId(), xml, null, null, List.of(),
                    Delivery.Outcome.NO_CALLBACK_URL, null, null, "the account has no callback URL"));
        }
        CallbackRequest request = CallbackRequest.build(config, xml, openId, time.epochSecond(),
                CallbackRequest.nonce());
        List<Delivery.Attempt> attempts = new ArrayList<>();
        String answer = null;
        for (int number = 1; number <= ATTEMPTS && answer == null; number++) {
            long started = System.nanoTime();
            Result result = post(request);
            long millis = (System.nanoTime() - started) / 1_000_000;
            attempts.add(new Delivery.Attempt(number, result.status, result.error, millis));
            if (result.error == null && result.status / 100 == 2) {
                answer = result.body;
            }
        }
        Delivery delivery;
        if (answer == null) {
            Delivery.Attempt last = attempts.getLast();
            delivery = new Delivery(ids.incrementAndGet(), config.appId(), openId, message.summary(),
                    message.createTime(), message.msgId(), xml, request.uri().toString(), request.body(), attempts,
                    Delivery.Outcome.FAILED, null, null,
                    last.error() != null ? last.error() : "HTTP " + last.status());
        } else {
            PassiveReply reply = PassiveReply.read(answer, config, openId);
            if (reply.outcome() == Delivery.Outcome.REPLIED) {
                keepReply(account, openId, reply);
            }
            delivery = new Delivery(ids.incrementAndGet(), config.appId(), openId, message.summary(),
                    message.createTime(), message.msgId(), xml, request.uri().toString(), request.body(), attempts,
                    reply.outcome(), answer, reply.xml(), reply.problem());
        }
        return finish(account, delivery);
    }

    private void keepReply(OfficialAccount account, String openId, PassiveReply reply) {
        synchronized (account) {
            Follower follower = account.follower(openId);
            follower.inbox.add(new ReceivedMessage("passive", openId, time.epochSecond(), null,
                    Json.MAPPER.valueToTree(reply.fields())));
        }
    }

    private Delivery finish(OfficialAccount account, Delivery delivery) {
        account.recordDelivery(delivery);
        Delivery.Attempt last = delivery.attempts().isEmpty() ? null : delivery.attempts().getLast();
        log.accept("[wechat-fake] " + delivery.appId() + " " + delivery.openId() + " " + delivery.summary()
                + " -> " + (delivery.url() == null ? "(no callback URL)" : delivery.url().replaceFirst("\\?.*", ""))
                + ": " + delivery.outcome()
                + (last == null ? "" : " after " + last.number() + " attempt(s), last "
                        + (last.error() != null ? last.error() : "HTTP " + last.status()) + " in " + last.millis() + " ms")
                + (delivery.problem() != null && delivery.outcome() != Delivery.Outcome.FAILED
                        ? " (" + delivery.problem() + ")" : ""));
        return delivery;
    }

    private Result post(CallbackRequest request) {
        HttpRequest http = HttpRequest.newBuilder(request.uri())
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("User-Agent", "Mozilla/4.0")
                .POST(HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8))
                .build();
        CompletableFuture<HttpResponse<String>> call =
                client.sendAsync(http, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = call.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(response.statusCode(), response.body(), null);
        } catch (TimeoutException e) {
            call.cancel(true);
            return new Result(0, null, "no answer within " + deadline.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Result(0, null, cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            return new Result(0, null, "interrupted");
        }
    }

    private record Result(int status, String body, String error) {
    }
}
