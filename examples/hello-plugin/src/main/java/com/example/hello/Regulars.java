package com.example.hello;

import io.quanyu.plugin.sdk.Customers;
import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.event.EventQuery;
import io.quanyu.plugin.sdk.task.TaskHandler;
import io.quanyu.plugin.sdk.task.TaskRequest;
import io.quanyu.plugin.sdk.task.TaskResult;
import org.pf4j.Extension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Regular customers: every counted visit becomes the profile fact {@code visits} (segments and the condition
 * language read it); from the third visit the customer is tagged {@code regular}, and a thank-you is scheduled for
 * later ({@code thankYouAfter}, one day by default), replaced by each new visit. The task thanks a customer at most
 * once in 30 days: it looks back through the customer's events before it tracks {@code hello.thanked}.
 */
public final class Regulars {
    static final int REGULAR_FROM = 3;
    static final String TAG = "regular";
    static final String THANKED = "hello.thanked";

    private Regulars() {
    }

    /** What one more counted visit means for the customer. */
    static void visited(PluginContext context, String customerId, long visits) {
        context.customers().putFacts(customerId, Map.of("visits", visits));
        if (visits >= REGULAR_FROM) {
            context.customers().tag(customerId, TAG, true);
            Duration after = Duration.parse(context.settings().text("thankYouAfter").orElse("P1D"));
            context.tasks().schedule(ThankYou.NAME, customerId, Instant.now().plus(after),
                    Map.of("customerId", customerId));
        }
    }

    /** The scheduled thank-you: once in 30 days, on the customer's timeline. */
    @Extension
    public static class ThankYou implements TaskHandler {
        static final String NAME = "thankYou";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public TaskResult run(TaskRequest request) {
            PluginContext context = request.context();
            String customerId = String.valueOf(request.payload().get("customerId"));
            Customers.Profile profile = context.customers().profile(customerId).orElse(null);
            if (profile == null || profile.identities().isEmpty()) {
                return TaskResult.done();
            }
            Instant now = request.scheduledFor();
            boolean thankedLately = !context.events().query(EventQuery.of(profile.id()).types(THANKED)
                    .between(now.minus(Duration.ofDays(30)), null).first(1)).events().isEmpty();
            if (!thankedLately) {
                context.events().track(new Event("thanked-" + profile.id() + "-" + now.toEpochMilli(), THANKED, now,
                        List.of(profile.identities().getFirst()), "api", Map.of()));
            }
            return TaskResult.done();
        }
    }
}
