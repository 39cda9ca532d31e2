package io.quanyu.ui.access;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.messaging.ChannelDirectory;
import io.quanyu.messaging.Delivery;
import io.quanyu.messaging.Messaging;
import io.quanyu.messaging.MessagingSettings;
import io.quanyu.messaging.SendCommand;
import io.quanyu.messaging.Template;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/** The builder's messaging screens on the guarded {@link Messaging} service, as the signed-in user. */
public class MessagingWorkspace {
    private final CurrentTenant current;
    private final Messaging messaging;
    private final io.quanyu.messaging.Broadcasts broadcasts;
    private final io.quanyu.segments.Segments segments;

    public MessagingWorkspace(CurrentTenant current, Messaging messaging, io.quanyu.messaging.Broadcasts broadcasts,
                              io.quanyu.segments.Segments segments) {
        this.current = current;
        this.messaging = messaging;
        this.broadcasts = broadcasts;
        this.segments = segments;
    }

    /** The tenant's segments, to send a template to one. */
    public List<io.quanyu.segments.Segment> segments() {
        return segments.list(call());
    }

    /** Sends a template to every member of a segment, through the delivery service, as this user. */
    public io.quanyu.messaging.Broadcasts.Broadcast broadcast(String segment, SendCommand send) {
        return broadcasts.start(call(), new io.quanyu.messaging.Broadcasts.Request(segment, send));
    }

    public io.quanyu.messaging.Broadcasts.Broadcast broadcastState(String id) {
        return broadcasts.get(call(), id);
    }

    public boolean canChangeTemplates() {
        return TenantAccess.CHANGE_MODEL.allows(current.workspace().context());
    }

    public boolean canSend() {
        return TenantAccess.WRITE_DATA.allows(current.workspace().context());
    }

    public boolean canAdminister() {
        return TenantAccess.ADMINISTER.allows(current.workspace().context());
    }

    public List<ChannelDirectory.Channel> channels() {
        return messaging.channels(call());
    }

    public List<Template> templates() {
        return messaging.templates(call());
    }

    public Template putTemplate(String name, JsonNode json) {
        return messaging.putTemplate(call(), name, json);
    }

    public void deleteTemplate(String name) {
        messaging.deleteTemplate(call(), name);
    }

    public Map<String, Map<String, Object>> preview(String template, String customerId) {
        return messaging.preview(call(), template, customerId, Map.of());
    }

    public Delivery send(SendCommand command) {
        return messaging.send(call(), command);
    }

    public ObjectNode deliveries(String customerId, String status, String channel, int first, String after) {
        return messaging.deliveries(call(), customerId, status, channel, null, null, null, first, after);
    }

    public MessagingSettings settings() {
        return messaging.settings(call());
    }

    public MessagingSettings putSettings(JsonNode json) {
        return messaging.putSettings(call(), json);
    }

    /** The consent recorded for the customer's addresses on the connected channels. */
    public List<io.quanyu.messaging.Consents.Consent> consents(String customerId) {
        return messaging.consents(call(), customerId);
    }

    /** Records the customer's consent on a channel for each of their addresses it reaches, by this user. */
    public List<io.quanyu.messaging.Consents.Consent> putConsent(String customerId, String channel, boolean granted) {
        return messaging.putConsent(call(), customerId, channel, granted, null);
    }

    private CallContext call() {
        return current.workspace().call();
    }
}
