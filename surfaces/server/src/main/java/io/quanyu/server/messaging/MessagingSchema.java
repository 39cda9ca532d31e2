package io.quanyu.server.messaging;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.quanyu.core.call.CallContext;
import io.quanyu.graphql.SchemaParts;
import io.quanyu.messaging.ChannelDirectory;
import io.quanyu.messaging.Delivery;
import io.quanyu.messaging.Messaging;
import io.quanyu.messaging.SendCommand;
import io.quanyu.messaging.Template;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.quanyu.graphql.SchemaParts.field;

/**
 * Messaging in every tenant schema, on the guarded {@link Messaging} service with the request's call: the connected
 * channels, the message templates, a template previewed for a customer, the delivery log, one delivery and one
 * broadcast; and {@code sendMessage}, {@code sendToSegment}, {@code putMessageTemplate}, {@code deleteMessageTemplate}
 * and {@code setConsent}.
 */
public final class MessagingSchema implements io.quanyu.graphql.SchemaContribution {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final Messaging messaging;
    private final io.quanyu.messaging.Broadcasts broadcasts;

    public MessagingSchema(Messaging messaging, io.quanyu.messaging.Broadcasts broadcasts) {
        this.messaging = messaging;
        this.broadcasts = broadcasts;
    }

    @Override
    public void contribute(SchemaParts parts) {
        parts.type("MessagingChannel", "name: String!", "plugin: String!", "identityTypes: [String!]!")
                .type("MessageTemplate", "name: ID!", "description: String", "channels: JSON!", "version: Int!",
                        "updatedAt: DateTime!", "updatedBy: String")
                .type("MessageDelivery", "sendId: ID!", "status: String!", "channel: String", "reason: String",
                        "duplicate: Boolean!")
                .type("MessageDeliveryPage", "deliveries: [JSON!]!", "nextCursor: String");
        parts.query(field("messagingChannels", "[MessagingChannel!]!"), env -> messaging.channels(call(env)).stream()
                .map(MessagingSchema::channel).toList());
        parts.query(field("messageTemplates", "[MessageTemplate!]!"), env -> messaging.templates(call(env)).stream()
                .map(MessagingSchema::template).toList());
        parts.query(field("messageTemplate", "MessageTemplate!", "name: ID!"),
                env -> template(messaging.template(call(env), env.getArgument("name"))));
        parts.query(field("previewMessage", "JSON!", "template: ID!", "customerId: ID!", "variables: JSON"),
                env -> messaging.preview(call(env), env.getArgument("template"), env.getArgument("customerId"),
                        env.getArgumentOrDefault("variables", Map.of())));
        parts.query(field("messageDelivery", "JSON!", "sendId: ID!"),
                env -> JSON.convertValue(messaging.delivery(call(env), env.getArgument("sendId")), MAP));
        parts.query(field("messageDeliveries", "MessageDeliveryPage!", "customerId: ID", "status: String", "channel: String",
                "template: String", "since: DateTime", "until: DateTime", "first: Int", "after: String"), this::deliveries);
        parts.mutation(field("sendMessage", "MessageDelivery!", "input: JSON!"), env -> delivery(messaging.send(call(env),
                SendCommand.parse(JSON.valueToTree(env.getArgument("input"))))));
        parts.mutation(field("sendToSegment", "JSON!", "input: JSON!"), env -> JSON.convertValue(broadcasts.start(call(env),
                io.quanyu.messaging.Broadcasts.parse(JSON.valueToTree(env.getArgument("input")))), MAP));
        parts.query(field("messageBroadcast", "JSON!", "id: ID!"),
                env -> JSON.convertValue(broadcasts.get(call(env), env.getArgument("id")), MAP));
        parts.mutation(field("putMessageTemplate", "MessageTemplate!", "name: ID!", "template: JSON!"),
                env -> template(messaging.putTemplate(call(env), env.getArgument("name"), JSON.valueToTree(env.getArgument("template")))));
        parts.mutation(field("deleteMessageTemplate", "Boolean!", "name: ID!"), (DataFetcher<?>) env -> {
            messaging.deleteTemplate(call(env), env.getArgument("name"));
            return true;
        });
        parts.mutation(field("setConsent", "JSON!", "customerId: ID!", "channel: String!", "granted: Boolean!", "source: String"),
                env -> messaging.putConsent(call(env), env.getArgument("customerId"), env.getArgument("channel"),
                        env.getArgument("granted"), env.getArgument("source")).stream().map(c -> Map.of("channel", c.channel(),
                        "value", c.address().value(), "state", c.state().name().toLowerCase(java.util.Locale.ROOT))).toList());
    }

    private Map<String, Object> deliveries(DataFetchingEnvironment env) {
        Integer first = env.getArgument("first");
        var page = messaging.deliveries(call(env), env.getArgument("customerId"), env.getArgument("status"),
                env.getArgument("channel"), env.getArgument("template"), instant(env.getArgument("since")),
                instant(env.getArgument("until")), first == null ? 50 : first, env.getArgument("after"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deliveries", JSON.convertValue(page.path("deliveries"), new TypeReference<List<Map<String, Object>>>() {
        }));
        out.put("nextCursor", page.path("nextCursor").isString() ? page.path("nextCursor").asString() : null);
        return out;
    }

    private static Instant instant(Object value) {
        return value == null ? null : value instanceof Instant i ? i : Instant.parse(String.valueOf(value));
    }

    private static Map<String, Object> channel(ChannelDirectory.Channel c) {
        return Map.of("name", c.name(), "plugin", c.plugin(), "identityTypes", c.identityTypes());
    }

    private static Map<String, Object> template(Template t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", t.name());
        out.put("description", t.description());
        out.put("channels", t.channels());
        out.put("version", (int) t.version());
        out.put("updatedAt", t.updatedAt().toString());
        out.put("updatedBy", t.updatedBy());
        return out;
    }

    private static Map<String, Object> delivery(Delivery d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sendId", d.sendId());
        out.put("status", d.status());
        out.put("channel", d.channel());
        out.put("reason", d.reason());
        out.put("duplicate", d.duplicate());
        return out;
    }

    private static CallContext call(DataFetchingEnvironment env) {
        return SchemaParts.scope(env).call();
    }
}
