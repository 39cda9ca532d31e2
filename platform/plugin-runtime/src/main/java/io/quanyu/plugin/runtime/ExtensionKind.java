package io.quanyu.plugin.runtime;

import io.quanyu.plugin.sdk.TenantActivation;
import io.quanyu.plugin.sdk.channel.ChannelConnector;
import io.quanyu.plugin.sdk.event.EventSubscriber;
import io.quanyu.plugin.sdk.job.ScheduledJob;
import io.quanyu.plugin.sdk.journey.JourneyAction;
import io.quanyu.plugin.sdk.journey.JourneyTrigger;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.task.TaskHandler;
import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.widget.DashboardWidget;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * The SDK's extension points, each with how an extension names itself (the name that binds it to its manifest
 * entry). {@link TenantActivation} is unnamed: a plugin has at most one.
 */
public enum ExtensionKind {
    OPERATION("operation", Operation.class, e -> ((Operation) e).name()),
    CHANNEL("channel", ChannelConnector.class, e -> ((ChannelConnector) e).channel()),
    ACTION("action", JourneyAction.class, e -> ((JourneyAction) e).name()),
    TRIGGER("trigger", JourneyTrigger.class, e -> ((JourneyTrigger) e).name()),
    WEBHOOK("webhook", WebhookHandler.class, e -> ((WebhookHandler) e).path()),
    JOB("job", ScheduledJob.class, e -> ((ScheduledJob) e).name()),
    TASK("task", TaskHandler.class, e -> ((TaskHandler) e).name()),
    SUBSCRIBER("subscriber", EventSubscriber.class, e -> ((EventSubscriber) e).name()),
    WIDGET("widget", DashboardWidget.class, e -> ((DashboardWidget) e).name()),
    ACTIVATION("activation", TenantActivation.class, e -> "");

    private final String label;
    private final Class<?> point;
    private final Function<Object, String> namer;

    ExtensionKind(String label, Class<?> point, Function<Object, String> namer) {
        this.label = label;
        this.point = point;
        this.namer = namer;
    }

    /** The word used in error details ({@code operation}, {@code channel}, ...). */
    public String label() {
        return label;
    }

    public Class<?> point() {
        return point;
    }

    /** The extension's name, asked of the plugin's code (so call it only inside an isolated call). */
    String nameOf(Object extension) {
        return namer.apply(extension);
    }

    /** The kind an extension class implements; empty when it implements none (or several). */
    static Optional<ExtensionKind> of(Class<?> type) {
        var matches = Arrays.stream(values()).filter(k -> k.point.isAssignableFrom(type)).toList();
        return matches.size() == 1 ? Optional.of(matches.getFirst()) : Optional.empty();
    }
}
