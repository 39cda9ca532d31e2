package io.quanyu.messaging;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.messaging.ChannelDirectory.Address;
import io.quanyu.messaging.ChannelDirectory.Channel;
import io.quanyu.messaging.Consents.Consent;
import io.quanyu.messaging.Consents.State;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The guarded messaging service every surface calls (REST, the builder, plugins; journeys next): templates, the
 * tenant's messaging settings, sends, previews, the delivery log, channel reports and consent. Each method checks the
 * call's access before it touches the tenant's database.
 */
public final class Messaging {
    private final MongoTenantDatabases databases;
    private final DeliveryService service;
    private final ChannelDirectory directory;
    private final Clock clock;

    public Messaging(MongoTenantDatabases databases, DeliveryService service, ChannelDirectory directory, Clock clock) {
        this.databases = databases;
        this.service = service;
        this.directory = directory;
        this.clock = clock;
    }

    private TenantDatabase db(CallContext call, TenantAccess access) {
        return databases.forCall(call.require(access));
    }

    // ---- templates

    public List<Template> templates(CallContext call) {
        return service.templates.list(db(call, TenantAccess.READ));
    }

    public Template template(CallContext call, String name) {
        return service.templates.get(db(call, TenantAccess.READ), name);
    }

    /** Creates or replaces a template; every mistake in it is reported at once and nothing is written. */
    public Template putTemplate(CallContext call, String name, JsonNode json) {
        return service.templates.put(db(call, TenantAccess.CHANGE_MODEL), name, json, call.actor(), clock.instant());
    }

    public void deleteTemplate(CallContext call, String name) {
        if (!service.templates.delete(db(call, TenantAccess.CHANGE_MODEL), name)) {
            throw new QuanyuException(ErrorCode.MESSAGE_TEMPLATE_NOT_FOUND, Map.of("template", String.valueOf(name)));
        }
    }

    /** The template rendered for the customer, per channel, as a send would render it. */
    public Map<String, Map<String, Object>> preview(CallContext call, String template, String customerId,
                                                    Map<String, Object> variables) {
        call.require(TenantAccess.READ);
        return service.preview(call, template, customerId, variables == null ? Map.of() : variables);
    }

    // ---- settings

    public MessagingSettings settings(CallContext call) {
        return service.settings.get(db(call, TenantAccess.READ));
    }

    public MessagingSettings putSettings(CallContext call, JsonNode json) {
        TenantDatabase db = db(call, TenantAccess.ADMINISTER);
        MessagingSettings parsed = MessagingSettings.parse(json);
        service.settings.put(db, parsed);
        return parsed;
    }

    // ---- sends and the delivery log

    public Delivery send(CallContext call, SendCommand command) {
        call.require(TenantAccess.WRITE_DATA);
        return service.send(call, command);
    }

    /** The tenant's connected channels (the enabled plugins' channels). */
    public List<Channel> channels(CallContext call) {
        call.require(TenantAccess.READ);
        return directory.channels(call.tenant());
    }

    public ObjectNode delivery(CallContext call, String sendId) {
        return service.deliveries.find(db(call, TenantAccess.READ), sendId).map(DeliveryService::json)
                .orElseThrow(() -> new QuanyuException(ErrorCode.DELIVERY_NOT_FOUND, Map.of("sendId", String.valueOf(sendId))));
    }

    /** A page of the delivery log, newest first; every filter optional. */
    public ObjectNode deliveries(CallContext call, @Nullable String customerId, @Nullable String status,
                                 @Nullable String channel, @Nullable String template, @Nullable Instant since,
                                 @Nullable Instant until, int first, @Nullable String after) {
        var page = service.deliveries.page(db(call, TenantAccess.READ), customerId, status, channel, template, since,
                until, first, after);
        ObjectNode out = MessagingSettings.JSON.createObjectNode();
        ArrayNode items = out.putArray("deliveries");
        page.deliveries().forEach(d -> items.add(DeliveryService.json(d)));
        out.put("nextCursor", page.nextCursor());
        return out;
    }

    /** A channel plugin's report on a message its connector sent (see {@link DeliveryService#report}). */
    public void report(CallContext call, String sendId, String status, Instant at, Map<String, Object> detail) {
        call.require(TenantAccess.WRITE_DATA);
        service.report(call, sendId, status, at, detail);
    }

    // ---- consent

    /** The consent recorded for each of the customer's addresses on each connected channel (none: not recorded). */
    public List<Consent> consents(CallContext call, String customerId) {
        TenantDatabase db = db(call, TenantAccess.READ);
        return service.consents.of(db, pairs(call, service.profileOf(call, customerId), null));
    }

    /**
     * Records a customer's consent on a channel, for every address of the customer the channel reaches.
     *
     * @throws QuanyuException {@code REQUEST_VALIDATION_FAILED} when the channel is not connected or the customer has no
     *                         address on it
     */
    public List<Consent> putConsent(CallContext call, String customerId, String channel, boolean granted, String source) {
        TenantDatabase db = db(call, TenantAccess.WRITE_DATA);
        ObjectNode profile = service.profileOf(call, customerId);
        List<Map.Entry<String, Address>> pairs = pairs(call, profile, channel);
        if (pairs.isEmpty()) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/channel", "unreachable",
                    "the channel is not connected or the customer has no address on it")));
        }
        String customer = profile.path("id").asString();
        Instant now = clock.instant();
        String by = source == null || source.isBlank() ? call.actor() : source.length() > 200 ? source.substring(0, 200) : source;
        for (var p : pairs) {
            service.consents.record(db, p.getKey(), p.getValue(), granted ? State.GRANTED : State.WITHDRAWN, by, customer, now);
        }
        return service.consents.of(db, pairs);
    }

    private List<Map.Entry<String, Address>> pairs(CallContext call, ObjectNode profile, @Nullable String only) {
        List<Map.Entry<String, Address>> out = new ArrayList<>();
        for (Channel channel : directory.channels(call.tenant())) {
            if (only != null && !only.equals(channel.name())) {
                continue;
            }
            for (JsonNode i : profile.path("identities")) {
                if (channel.identityTypes().contains(i.path("type").asString())) {
                    out.add(Map.entry(channel.name(), new Address(i.path("type").asString(),
                            i.path("scope").isString() ? i.path("scope").asString() : null, i.path("value").asString())));
                }
            }
        }
        return out;
    }

    /** The channel named {@code name}, if connected. */
    public Optional<Channel> channel(CallContext call, String name) {
        call.require(TenantAccess.READ);
        return directory.find(call.tenant(), name);
    }
}
