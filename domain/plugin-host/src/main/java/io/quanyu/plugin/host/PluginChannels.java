package io.quanyu.plugin.host;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.messaging.ChannelDirectory;
import io.quanyu.plugin.pkg.ChannelSpec;
import io.quanyu.plugin.runtime.CallScope;
import io.quanyu.plugin.runtime.ChannelCalls;
import io.quanyu.plugin.sdk.channel.Message;
import io.quanyu.plugin.sdk.channel.Recipient;
import io.quanyu.plugin.sdk.channel.SendResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tenant's channels: those the enabled plugins' manifests declare (the first plugin by id wins a name two
 * declare), sent through their {@code ChannelConnector}s. A connector's failure is an answer with a code: its own
 * {@code PluginException} code, or the platform's ({@code PLUGIN_TIMEOUT}, {@code PLUGIN_BUSY}, ... retryable).
 */
public final class PluginChannels implements ChannelDirectory {
    private final EnabledPlugins enabled;
    private final io.quanyu.plugin.runtime.PluginRuntime runtime;

    public PluginChannels(EnabledPlugins enabled, io.quanyu.plugin.runtime.PluginRuntime runtime) {
        this.enabled = enabled;
        this.runtime = runtime;
    }

    @Override
    public List<Channel> channels(TenantId tenant) {
        List<Channel> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (EnabledPlugins.Enabled e : enabled.byId(tenant)) {
            for (ChannelSpec spec : e.plugin().manifest().channels()) {
                if (names.add(spec.name())) {
                    out.add(new Channel(spec.name(), e.plugin().key().id(), spec.identityTypes(), window(spec.window())));
                }
            }
        }
        return out;
    }

    private static Window window(ChannelSpec.Window w) {
        return w == null ? null : new Window(Duration.ofHours(w.hours()), w.maxMessages(), w.interactionChannel(), w.reason());
    }

    @Override
    public Answer send(CallContext call, Channel channel, Outgoing message) {
        EnabledPlugins.Enabled plugin = enabled.find(call.tenant(), channel.plugin()).orElse(null);
        if (plugin == null) {
            return Answer.failed("CHANNEL_NOT_CONNECTED", "plugin " + channel.plugin() + " is not enabled", false);
        }
        Recipient to = new Recipient(message.to().type(), message.to().scope(), message.to().value(), message.customerId());
        try {
            SendResult result = ChannelCalls.send(runtime, plugin.plugin().key(), new CallScope(call.tenant(), call.actor(),
                    call.correlationId()), channel.name(), to, new Message(message.template(), message.text(), message.data()),
                    message.sendId());
            return result.isSent() ? Answer.sent(result.messageId())
                    : Answer.failed(result.failure().code(), result.failure().message(), result.retryable());
        } catch (QuanyuException e) {
            PluginFailure failure = PluginFailure.of(e);
            if (failure == null) {
                throw e;
            }
            return Answer.failed(failure.code(), failure.message(), failure.retryable());
        }
    }
}
