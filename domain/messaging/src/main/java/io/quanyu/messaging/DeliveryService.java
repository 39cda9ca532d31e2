package io.quanyu.messaging;

import com.mongodb.client.model.Updates;
import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.customer360.Customers;
import io.quanyu.customer360.TrackedEvent;
import io.quanyu.messaging.ChannelDirectory.Address;
import io.quanyu.messaging.ChannelDirectory.Answer;
import io.quanyu.messaging.ChannelDirectory.Channel;
import io.quanyu.messaging.ChannelDirectory.Outgoing;
import io.quanyu.messaging.Consents.Consent;
import io.quanyu.messaging.Consents.State;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.scheduling.FiredTimer;
import io.quanyu.scheduling.Scheduler;
import io.quanyu.scheduling.TimerRequest;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one place a message leaves the platform. A send is claimed by its idempotency key (one delivery document per
 * key), checked at send time (quiet hours, frequency cap, then per channel in the asked order: connected, content for
 * the channel, an address of a type the channel reaches, consent, the channel's window), rendered for the customer
 * and handed to the first channel that can take it; every channel passed over is recorded with its reason, and every
 * outcome goes on the customer's timeline as a {@code message.*} event keyed by the send id.
 *
 * <p>Effectively once: a recovery timer set when the send is claimed finishes a send a crash left in flight by
 * calling the connector again with the same send id, which a provider that honours idempotency keys (and the
 * first-party connectors) does not send twice.
 */
public final class DeliveryService {
    /** Timer kind: finish a send a crash left claimed or in flight. */
    public static final String RECOVER = "messaging.recover";
    /** Timer kind: a send deferred by quiet hours, due when they end. */
    public static final String DEFERRED = "messaging.deferred";
    /** Timer kind: a channel answered with a retryable failure; try it again. */
    public static final String RETRY = "messaging.retry";
    static final Duration RECOVER_AFTER = Duration.ofMinutes(2);
    static final int MAX_ATTEMPTS = 4;
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryService.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    /** Reported statuses, by how far a message got; a report moves a delivery's status only forward. */
    private static final List<String> PROGRESS = List.of("sent", "accepted", "delivered", "opened", "clicked");
    private final MongoTenantDatabases databases;
    private final Customers customers;
    private final ChannelDirectory directory;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Function<TenantId, Quotas> quotas;
    final Templates templates;
    final TemplateRenderer renderer;
    final Consents consents;
    final DeliveryStore deliveries = new DeliveryStore();
    final SettingsStore settings = new SettingsStore();

    /**
     * {@code signal}: the event seam's, which relays the {@code ConsentChanged} events consent changes write at once
     * ({@code OutboxSignal.NONE} leaves them to its sweep).
     */
    public DeliveryService(MongoTenantDatabases databases, Customers customers, ChannelDirectory directory,
                           Scheduler scheduler, Clock clock, Function<TenantId, Quotas> quotas,
                           io.quanyu.outbox.OutboxSignal signal) {
        this.consents = new Consents(signal);
        this.databases = databases;
        this.customers = customers;
        this.directory = directory;
        this.scheduler = scheduler;
        this.clock = clock;
        this.quotas = quotas;
        this.renderer = new TemplateRenderer();
        this.templates = new Templates(renderer);
        scheduler.register(RECOVER, timer -> resume(timer, Set.of("accepted", "sending")));
        scheduler.register(RETRY, timer -> resume(timer, Set.of("sending")));
        scheduler.register(DEFERRED, timer -> resume(timer, Set.of("deferred")));
    }

    public void ensureIndexes(TenantDatabase db) {
        deliveries.ensureIndexes(db);
    }

    /** Claims the send by its key and sends it, or answers what the first send with the key did. */
    public Delivery send(CallContext call, SendCommand command) {
        command.checked();
        TenantDatabase db = databases.forCall(call);
        Template template = templates.get(db, command.template());
        ObjectNode profile = profileOf(call, command.customerId());
        String customer = profile.path("id").asString();
        String sendId = DeliveryStore.sendId(command.key());
        Instant now = clock.instant();
        Document doc = new Document("_id", sendId).append("key", command.key()).append("customerId", customer)
                .append("channels", command.channels()).append("template", command.template())
                .append("purpose", command.purpose())
                .append("variables", Document.parse(MessagingSettings.JSON.writeValueAsString(command.variables())))
                .append("by", call.actor()).append("plugin", call.plugin()).append("status", "accepted")
                .append("attempt", 0).append("passed", List.of()).append("reports", List.of())
                .append("createdAt", Date.from(now)).append("updatedAt", Date.from(now));
        // The recovery timer first: a crash right after the claim still leaves the send to be finished. For a key
        // already claimed it is set again, and finds the send ended (nothing to do) or stuck (finished then).
        scheduler.schedule(TimerRequest.of(call.tenant(), RECOVER, sendId, now.plus(RECOVER_AFTER)));
        if (!deliveries.insert(db, doc)) {
            Document existing = deliveries.find(db, sendId).orElseThrow();
            return view(existing, true);
        }
        return attempt(call, db, doc, template, profile);
    }

    /** Renders a template for a customer as a send would, without sending: content per channel that has some. */
    public Map<String, Map<String, Object>> preview(CallContext call, String templateName, String customerId,
                                                    Map<String, Object> variables) {
        TenantDatabase db = databases.forCall(call);
        Template template = templates.get(db, templateName);
        ObjectNode profile = profileOf(call, customerId);
        String locale = locale(profile, settings.get(db));
        Map<String, Object> model = model(profile, variables);
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (String channel : template.channels().keySet().stream().sorted().toList()) {
            template.content(channel, locale).ifPresent(c -> out.put(channel, renderer.render(c, model)));
        }
        return out;
    }

    private void resume(FiredTimer timer, Set<String> states) {
        CallContext call = CallContext.background(timer.tenant(), "messaging", quotas.apply(timer.tenant()));
        TenantDatabase db = databases.forCall(call);
        Document doc = deliveries.find(db, timer.key()).orElse(null);
        if (doc == null || !states.contains(doc.getString("status"))) {
            return;
        }
        if (RECOVER.equals(timer.kind())) {
            LOG.info("finishing send {} of tenant {} left {} by a crash", timer.key(), timer.tenant().value(), doc.getString("status"));
        }
        attempt(call, db, doc, null, null);
    }

    /** Checks, renders and hands over the send; {@code template} and {@code profile} are read when not given. */
    private Delivery attempt(CallContext call, TenantDatabase db, Document doc, @Nullable Template given,
                             @Nullable ObjectNode read) {
        String sendId = doc.getString("_id");
        ObjectNode profile = read;
        if (profile == null) {
            try {
                profile = profileOf(call, doc.getString("customerId"));
            } catch (QuanyuException e) {
                if (e.code() != ErrorCode.CUSTOMER_NOT_FOUND) {
                    throw e;
                }
                return finish(call, db, doc, null, "skipped", "CUSTOMER_NOT_FOUND", List.of(), null);
            }
        }
        String customer = profile.path("id").asString();
        MessagingSettings rules = settings.get(db);
        Instant now = clock.instant();
        boolean marketing = SendCommand.MARKETING.equals(doc.getString("purpose"));
        if (marketing && rules.quietHours() != null) {
            ZoneId zone = zone(profile, rules.quietHours().zone());
            Optional<ZonedDateTime> end = rules.quietHours().endOf(now.atZone(zone));
            if (end.isPresent()) {
                if (!rules.quietHours().defer()) {
                    return finish(call, db, doc, profile, "skipped", "QUIET_HOURS", List.of(), null);
                }
                Instant due = end.get().toInstant();
                deliveries.update(db, sendId, Updates.combine(Updates.set("status", "deferred"),
                        Updates.set("reason", "QUIET_HOURS"), Updates.set("dueAt", Date.from(due)),
                        Updates.set("updatedAt", Date.from(now))));
                scheduler.schedule(TimerRequest.of(call.tenant(), DEFERRED, sendId, due));
                scheduler.cancel(call.tenant(), RECOVER, sendId);
                record(call, profile, doc, null, "message.deferred", sendId + ".deferred." + due.toEpochMilli(), now,
                        Map.of("reason", "QUIET_HOURS", "until", due.toString()));
                return new Delivery(sendId, "deferred", null, "QUIET_HOURS", false);
            }
        }
        boolean capped = marketing && rules.frequencyCap() != null;
        if (capped && !deliveries.reserve(db, customer, sendId, now, rules.frequencyCap().window(), rules.frequencyCap().max())) {
            return finish(call, db, doc, profile, "skipped", "FREQUENCY_CAP", List.of(), null);
        }
        Template template = given != null ? given : templates.find(db, doc.getString("template")).orElse(null);
        if (template == null) {
            return finish(call, db, doc, profile, "skipped", ErrorCode.MESSAGE_TEMPLATE_NOT_FOUND.name(), List.of(), null);
        }
        String locale = locale(profile, rules);
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = MessagingSettings.JSON.convertValue(
                MessagingSettings.JSON.readTree(doc.get("variables", Document.class).toJson()), MAP);
        Map<String, Object> model = model(profile, variables);
        List<Document> passed = new ArrayList<>();
        boolean refused = false;
        int attempt = doc.getInteger("attempt", 0);
        for (String name : doc.getList("channels", String.class)) {
            Optional<Channel> channel = directory.find(call.tenant(), name);
            if (channel.isEmpty()) {
                passed.add(passed(name, "CHANNEL_NOT_CONNECTED"));
                continue;
            }
            Optional<Map<String, Object>> content = template.content(name, locale);
            if (content.isEmpty()) {
                passed.add(passed(name, "NO_TEMPLATE_CONTENT"));
                continue;
            }
            Address to = address(profile, channel.get().identityTypes());
            if (to == null) {
                passed.add(passed(name, "NO_ADDRESS"));
                continue;
            }
            State consent = consents.find(db, name, to).map(Consent::state).orElse(null);
            if (consent == State.UNDELIVERABLE) {
                passed.add(passed(name, "ADDRESS_UNDELIVERABLE"));
                continue;
            }
            if (marketing && (consent == State.WITHDRAWN || rules.optIn().contains(name) && consent != State.GRANTED)) {
                passed.add(passed(name, "NO_CONSENT"));
                continue;
            }
            String closed = channel.get().window() == null ? null : windowClosed(call, customer, channel.get(), now);
            if (closed != null) {
                passed.add(passed(name, closed));
                continue;
            }
            Map<String, Object> rendered;
            try {
                rendered = new LinkedHashMap<>(renderer.render(content.get(), model));
            } catch (RuntimeException e) {
                passed.add(passed(name, "TEMPLATE_RENDER_FAILED"));
                continue;
            }
            attempt++;
            deliveries.update(db, sendId, Updates.combine(Updates.set("status", "sending"), Updates.set("channel", name),
                    Updates.set("connector", channel.get().plugin()), Updates.set("to", address(to)),
                    Updates.set("attempt", attempt), Updates.set("passed", passed), Updates.set("customerId", customer),
                    Updates.set("updatedAt", Date.from(now))));
            Object templateId = rendered.remove("template");
            Object text = rendered.remove("text");
            Answer answer = directory.send(call, channel.get(), new Outgoing(sendId, customer, to,
                    templateId == null ? null : String.valueOf(templateId), text == null ? null : String.valueOf(text), rendered));
            if (answer.isSent()) {
                return finish(call, db, doc, profile, "sent", passed.isEmpty() ? null : passed.getFirst().getString("reason"),
                        passed, new Document("channel", name).append("to", address(to)).append("messageId", answer.messageId()));
            }
            if (answer.retryable() && attempt < MAX_ATTEMPTS) {
                Instant due = now.plus(FIRST_RETRY.multipliedBy(1L << (attempt - 1)));
                deliveries.update(db, sendId, Updates.combine(Updates.set("reason", answer.code()),
                        Updates.set("retryAt", Date.from(due)), Updates.set("attempt", attempt)));
                scheduler.schedule(TimerRequest.of(call.tenant(), RETRY, sendId, due));
                scheduler.cancel(call.tenant(), RECOVER, sendId);
                return new Delivery(sendId, "sending", name, answer.code(), false);
            }
            refused = true;
            passed.add(passed(name, answer.code()).append("message", answer.message()));
        }
        if (capped) {
            deliveries.release(db, customer, sendId);
        }
        String reason = passed.isEmpty() ? "NO_CHANNEL" : passed.getLast().getString("reason");
        return finish(call, db, doc, profile, refused ? "failed" : "skipped", reason, passed, null);
    }

    private Delivery finish(CallContext call, TenantDatabase db, Document doc, @Nullable ObjectNode profile, String status,
                            @Nullable String reason, List<Document> passed, @Nullable Document sent) {
        String sendId = doc.getString("_id");
        Instant now = clock.instant();
        List<Bson> set = new ArrayList<>(List.of(Updates.set("status", status), Updates.set("reason", reason),
                Updates.set("passed", passed), Updates.set("updatedAt", Date.from(now))));
        String channel = null;
        Address to = null;
        if (sent != null) {
            channel = sent.getString("channel");
            Document a = sent.get("to", Document.class);
            to = new Address(a.getString("type"), a.getString("scope"), a.getString("value"));
            set.add(Updates.set("messageId", sent.getString("messageId")));
            set.add(Updates.set("sentAt", Date.from(now)));
        }
        // The timeline event before the record: a crash in between leaves the send unfinished for the recovery timer,
        // whose second event has the same id and is absorbed, rather than a finished send with no event.
        if (profile != null) {
            Map<String, Object> properties = new LinkedHashMap<>();
            if (reason != null) {
                properties.put("reason", reason);
            }
            if (!passed.isEmpty()) {
                properties.put("passed", passed.stream().map(p -> p.getString("channel") + ":" + p.getString("reason")).toList());
            }
            record(call, profile, doc, to, "message." + status, sendId + "." + status, now,
                    channel == null ? properties : with(properties, "channel", channel));
        }
        deliveries.update(db, sendId, Updates.combine(set));
        scheduler.cancel(call.tenant(), RECOVER, sendId);
        return new Delivery(sendId, status, channel, reason, false);
    }

    /**
     * A channel's report on a message its connector sent ({@code call.plugin()} must be that connector's plugin):
     * recorded once per status, put on the timeline, and applied to the address's consent for bounces,
     * complaints and unsubscribes.
     */
    public void report(CallContext call, String sendId, String status, Instant at, Map<String, Object> detail) {
        TenantDatabase db = databases.forCall(call);
        Document doc = sendId == null ? null : deliveries.find(db, sendId).orElse(null);
        if (doc == null || call.plugin() == null || !call.plugin().equals(doc.getString("connector"))) {
            throw new QuanyuException(ErrorCode.DELIVERY_NOT_FOUND, Map.of("sendId", String.valueOf(sendId)));
        }
        String current = doc.getString("status");
        boolean forward = PROGRESS.indexOf(status) > PROGRESS.indexOf(current) && PROGRESS.contains(current);
        boolean terminal = Set.of("bounced", "complained", "unsubscribed", "failed").contains(status);
        Instant now = clock.instant();
        Document report = new Document("status", status).append("at", Date.from(at)).append("detail", new Document(detail))
                .append("recordedAt", Date.from(now));
        if (!deliveries.addReport(db, sendId, status, report, forward || terminal ? status : null, now)) {
            return;
        }
        Document a = doc.get("to", Document.class);
        Address to = a == null ? null : new Address(a.getString("type"), a.getString("scope"), a.getString("value"));
        String channel = doc.getString("channel");
        if (to != null && channel != null) {
            switch (status) {
                case "bounced" -> consents.record(db, channel, to, State.UNDELIVERABLE, "report:" + sendId,
                        doc.getString("customerId"), at);
                case "complained", "unsubscribed" -> consents.record(db, channel, to, State.WITHDRAWN,
                        "report:" + sendId, doc.getString("customerId"), at);
                default -> {
                }
            }
        }
        Map<String, Object> properties = new LinkedHashMap<>(detail);
        properties.put("channel", channel);
        try {
            ObjectNode profile = profileOf(call, doc.getString("customerId"));
            record(call, profile, doc, to, "message." + status, sendId + "." + status, at, properties);
        } catch (QuanyuException e) {
            if (e.code() != ErrorCode.CUSTOMER_NOT_FOUND) {
                throw e;
            }
        }
    }

    /** Puts a {@code message.*} event on the customer's timeline (by the address sent to, or the profile's first). */
    private void record(CallContext call, ObjectNode profile, Document doc, @Nullable Address to, String type, String eventId,
                        Instant at, Map<String, Object> extra) {
        Address identity = to != null ? to : firstIdentity(profile);
        if (identity == null) {
            return;
        }
        ArrayNode batch = MessagingSettings.JSON.createArrayNode();
        ObjectNode e = batch.addObject().put("eventId", eventId).put("type", type).put("time", at.toString());
        Object channel = extra.get("channel");
        if (channel != null) {
            e.put("channel", String.valueOf(channel));
        }
        ObjectNode i = e.putArray("identities").addObject().put("type", identity.type()).put("value", identity.value());
        if (identity.scope() != null) {
            i.put("scope", identity.scope());
        }
        ObjectNode properties = e.putObject("properties").put("sendId", doc.getString("_id"))
                .put("template", doc.getString("template")).put("purpose", doc.getString("purpose"));
        extra.forEach((k, v) -> properties.set(k, MessagingSettings.JSON.valueToTree(v)));
        var results = customers.track(call, batch);
        if (!results.isEmpty() && "rejected".equals(results.getFirst().status())) {
            LOG.warn("the {} event of send {} was refused: {} {}", type, doc.getString("_id"), results.getFirst().code(),
                    results.getFirst().message());
        }
    }

    /** Whether the channel's window is closed for the customer: its reason, or null when open. */
    private @Nullable String windowClosed(CallContext call, String customer, Channel channel, Instant now) {
        ChannelDirectory.Window w = channel.window();
        Instant lastInteraction = null;
        for (TrackedEvent e : customers.timeline(call, customer, null, List.of(w.interactionChannel()), now.minus(w.span()),
                now.plusMillis(1), 200, null).events()) {
            if (!e.type().startsWith("message.") && (lastInteraction == null || e.time().isAfter(lastInteraction))) {
                lastInteraction = e.time();
            }
        }
        if (lastInteraction == null) {
            return w.reason();
        }
        if (w.maxMessages() > 0 && customers.timeline(call, customer, List.of("message.sent"), List.of(channel.name()),
                lastInteraction, now.plusMillis(1), 200, null).events().size() >= w.maxMessages()) {
            return w.reason();
        }
        return null;
    }

    /** The customer's profile, or the profile of the survivor a merge left (following up to five merges). */
    ObjectNode profileOf(CallContext call, String customerId) {
        String id = customerId;
        for (int hop = 0; ; hop++) {
            try {
                return customers.profile(call, id);
            } catch (QuanyuException e) {
                Object survivor = e.details().get("survivor");
                if (e.code() != ErrorCode.CUSTOMER_MERGED || hop >= 5 || survivor == null) {
                    throw e;
                }
                id = String.valueOf(survivor);
            }
        }
    }

    static Map<String, Object> model(ObjectNode profile, Map<String, Object> variables) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("customer", MessagingSettings.JSON.convertValue(profile.path("record"), MAP));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", profile.path("id").asString());
        p.put("stage", profile.path("stage").asString(null));
        List<String> tags = new ArrayList<>();
        profile.path("tags").forEach(t -> tags.add(t.path("tag").asString()));
        p.put("tags", tags);
        for (String part : List.of("aggregates", "scores", "plugins")) {
            p.put(part, profile.path(part).isObject() ? MessagingSettings.JSON.convertValue(profile.path(part), MAP) : Map.of());
        }
        model.put("profile", p);
        model.put("vars", variables);
        return model;
    }

    static String locale(ObjectNode profile, MessagingSettings rules) {
        String l = profile.path("record").path("locale").asString("");
        return l.startsWith("zh") ? "zh-CN" : l.startsWith("en") ? "en" : rules.defaultLocale();
    }

    static ZoneId zone(ObjectNode profile, ZoneId fallback) {
        String z = profile.path("record").path("timeZone").asString("");
        try {
            return z.isEmpty() ? fallback : ZoneId.of(z);
        } catch (DateTimeException e) {
            return fallback;
        }
    }

    /** The customer's newest identity of the first of {@code types} it has one of. */
    static @Nullable Address address(ObjectNode profile, List<String> types) {
        for (String type : types) {
            JsonNode best = null;
            for (JsonNode i : profile.path("identities")) {
                if (type.equals(i.path("type").asString()) && (best == null
                        || i.path("firstSeen").asString("").compareTo(best.path("firstSeen").asString("")) > 0)) {
                    best = i;
                }
            }
            if (best != null) {
                return new Address(type, best.path("scope").isString() ? best.path("scope").asString() : null,
                        best.path("value").asString());
            }
        }
        return null;
    }

    private static @Nullable Address firstIdentity(ObjectNode profile) {
        JsonNode i = profile.path("identities").path(0);
        return i.isObject() ? new Address(i.path("type").asString(), i.path("scope").isString() ? i.path("scope").asString() : null,
                i.path("value").asString()) : null;
    }

    private static Document address(Address a) {
        return new Document("type", a.type()).append("scope", a.scope()).append("value", a.value());
    }

    private static Document passed(String channel, String reason) {
        return new Document("channel", channel).append("reason", reason);
    }

    private static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
        Map<String, Object> out = new LinkedHashMap<>(map);
        out.put(key, value);
        return out;
    }

    static Delivery view(Document d, boolean duplicate) {
        return new Delivery(d.getString("_id"), d.getString("status"), d.getString("channel"), d.getString("reason"), duplicate);
    }

    /** The delivery document as the API shows it. */
    static ObjectNode json(Document d) {
        ObjectNode out = (ObjectNode) MessagingSettings.JSON.readTree(d.toJson(
                org.bson.json.JsonWriterSettings.builder().outputMode(org.bson.json.JsonMode.RELAXED)
                        .dateTimeConverter((v, w) -> w.writeString(Instant.ofEpochMilli(v).toString())).build()));
        out.set("sendId", out.remove("_id"));
        return out;
    }
}
