package io.quanyu.messaging;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.scheduling.FiredTimer;
import io.quanyu.scheduling.Scheduler;
import io.quanyu.scheduling.TimerRequest;
import io.quanyu.segments.Membership;
import io.quanyu.segments.Segments;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A message sent to every member of a segment (a broadcast), through the delivery service, so each member's send is
 * checked (consent, quiet hours, caps, windows) and recorded like any other. The members are taken page by page in
 * customer id order on {@value #KIND} timers of the shared scheduler, as the caller who started the broadcast; each
 * member's send key is {@code broadcast:<id>:<customer>}, so a page repeated after a crash sends nobody twice, and a
 * page's tally is added once (its cursor is the condition of the write). The broadcast's own key makes starting it
 * idempotent.
 */
public final class Broadcasts {
    static final String COLLECTION = "msg_broadcasts";
    /** The scheduler's timer kind of a broadcast page: key {@code <id>:<page>}. */
    public static final String KIND = "messaging.broadcast";
    static final int PAGE = 100;
    private final MongoTenantDatabases databases;
    private final DeliveryService deliveries;
    private final Segments segments;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Function<TenantId, Quotas> quotas;

    public Broadcasts(MongoTenantDatabases databases, DeliveryService deliveries, Segments segments, Scheduler scheduler,
                      Clock clock, Function<TenantId, Quotas> quotas) {
        this.databases = databases;
        this.deliveries = deliveries;
        this.segments = segments;
        this.scheduler = scheduler;
        this.clock = clock;
        this.quotas = quotas;
        scheduler.register(KIND, this::page);
    }

    /**
     * A broadcast and how far it came: sends per status so far, {@code done} once every member was taken;
     * {@code duplicate} when a start repeated the key of this broadcast.
     */
    public record Broadcast(String id, String key, String segment, String template, List<String> channels, String purpose,
                            String status, long members, Map<String, Long> outcomes, String by, Instant createdAt,
                            @Nullable Instant finishedAt, boolean duplicate) {
        Broadcast repeated() {
            return new Broadcast(id, key, segment, template, channels, purpose, status, members, outcomes, by, createdAt,
                    finishedAt, true);
        }
    }

    /**
     * Starts sending the template to every member of the segment; a repeat of the key answers the broadcast it
     * started. The segment and the template must exist; the caller must be allowed to send.
     */
    public Broadcast start(CallContext call, Request request) {
        String segment = request.segment();
        SendCommand command = request.send();
        call.require(TenantAccess.WRITE_DATA);
        segments.get(call, segment);
        TenantDatabase db = databases.forCall(call);
        deliveries.templates.get(db, command.template());
        String id = "brd_" + DeliveryStore.sendId(command.key()).substring(4);
        Instant now = clock.instant();
        Document doc = new Document("_id", id).append("key", command.key()).append("segment", segment)
                .append("template", command.template()).append("channels", command.channels())
                .append("purpose", command.purpose())
                .append("variables", Document.parse(MessagingSettings.JSON.writeValueAsString(command.variables())))
                .append("status", "sending").append("after", null).append("members", 0L).append("outcomes", new Document())
                .append("by", call.actor()).append("roles", call.roleNames().stream().sorted().toList())
                .append("createdAt", Date.from(now)).append("finishedAt", null);
        // The first page's timer before the broadcast: a crash in between leaves a timer that finds nothing to do,
        // never a broadcast that does not start. A repeat of the key finds its timer set already.
        scheduler.schedule(new TimerRequest(call.tenant(), KIND, id + ":0", now, Map.of("id", id, "page", 0)));
        try {
            broadcasts(db).insertOne(doc);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return get(call, id).repeated();
        }
        return view(doc);
    }

    public Broadcast get(CallContext call, String id) {
        TenantDatabase db = databases.forCall(call.require(TenantAccess.READ));
        Document doc = broadcasts(db).find(Filters.eq("_id", id)).first();
        if (doc == null) {
            throw new QuanyuException(ErrorCode.BROADCAST_NOT_FOUND, Map.of("id", String.valueOf(id)));
        }
        return view(doc);
    }

    /** The latest broadcasts first. */
    public List<Broadcast> list(CallContext call, int limit) {
        TenantDatabase db = databases.forCall(call.require(TenantAccess.READ));
        List<Broadcast> out = new ArrayList<>();
        for (Document d : broadcasts(db).find().sort(Sorts.descending("createdAt")).limit(Math.clamp(limit, 1, 200))) {
            out.add(view(d));
        }
        return out;
    }

    /** One page of members: their sends, the tally added once, the next page scheduled or the broadcast done. */
    private void page(FiredTimer timer) {
        TenantDatabase db = databases.forCall(CallContext.background(timer.tenant(), "messaging", quotas.apply(timer.tenant())));
        String id = String.valueOf(timer.payload().get("id"));
        int page = ((Number) timer.payload().get("page")).intValue();
        Document doc = broadcasts(db).find(Filters.eq("_id", id)).first();
        if (doc == null && clock.instant().isBefore(timer.due().plus(java.time.Duration.ofMinutes(1)))) {
            throw new IllegalStateException("broadcast " + id + " is not written yet; trying again");
        }
        if (doc == null || !"sending".equals(doc.getString("status"))) {
            return;
        }
        CallContext starter = new CallContext(timer.tenant(), doc.getString("by"), roles(doc), quotas.apply(timer.tenant()),
                null, null);
        String after = doc.getString("after");
        List<Membership> members = segments.members(starter, doc.getString("segment"), after, PAGE);
        Map<String, Long> outcomes = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = (Map<String, Object>) (Map<?, ?>) doc.get("variables", Document.class);
        for (Membership member : members) {
            Delivery sent = deliveries.send(starter, new SendCommand(member.customer(), doc.getList("channels", String.class),
                    doc.getString("template"), variables, doc.getString("purpose"),
                    "broadcast:" + id + ":" + member.customer()));
            outcomes.merge(sent.status(), 1L, Long::sum);
        }
        boolean done = members.size() < PAGE;
        List<org.bson.conversions.Bson> updates = new ArrayList<>();
        updates.add(Updates.set("after", members.isEmpty() ? after : members.getLast().customer()));
        updates.add(Updates.inc("members", (long) members.size()));
        outcomes.forEach((status, n) -> updates.add(Updates.inc("outcomes." + status, n)));
        if (done) {
            updates.add(Updates.set("status", "done"));
            updates.add(Updates.set("finishedAt", Date.from(clock.instant())));
        }
        boolean recorded = broadcasts(db).updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("after", after),
                Filters.eq("status", "sending")), Updates.combine(updates)).getMatchedCount() == 1;
        if (recorded && !done) {
            scheduler.schedule(new TimerRequest(timer.tenant(), KIND, id + ":" + (page + 1), clock.instant(),
                    Map.of("id", id, "page", page + 1)));
        }
    }

    private static Set<Role> roles(Document doc) {
        Set<Role> out = new java.util.HashSet<>();
        doc.getList("roles", String.class, List.of()).forEach(name -> Role.fromClaim(name).ifPresent(out::add));
        return out;
    }

    /** What to send to a segment: the segment, and the send's channels, template, variables, purpose and key. */
    public record Request(String segment, SendCommand send) {
    }

    /** The request in a body {@code {segment, channels, template, variables, purpose, key}}; every mistake at once. */
    public static Request parse(tools.jackson.databind.JsonNode json) {
        if (json == null || !json.isObject()) {
            throw QuanyuException.invalid(List.of(new FieldViolation("", "type", "must be an object")));
        }
        List<FieldViolation> bad = new ArrayList<>();
        tools.jackson.databind.JsonNode segment = json.get("segment");
        if (segment == null || !segment.isString() || segment.asString().isBlank()) {
            bad.add(new FieldViolation("/segment", "required", "names the segment to send to"));
        }
        if (json.has("customerId")) {
            bad.add(new FieldViolation("/customerId", "unknown", "a broadcast goes to the segment's members"));
        }
        tools.jackson.databind.node.ObjectNode send = (tools.jackson.databind.node.ObjectNode) json.deepCopy();
        send.remove("segment");
        send.put("customerId", "segment");
        SendCommand command = null;
        try {
            command = SendCommand.parse(send);
        } catch (QuanyuException e) {
            bad.addAll(e.violations());
        }
        if (!bad.isEmpty()) {
            throw QuanyuException.invalid(bad);
        }
        return new Request(segment.asString(), command);
    }

    private static Broadcast view(Document d) {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        Document o = d.get("outcomes", Document.class);
        if (o != null) {
            o.forEach((status, n) -> outcomes.put(status, ((Number) n).longValue()));
        }
        Date finished = d.getDate("finishedAt");
        return new Broadcast(d.getString("_id"), d.getString("key"), d.getString("segment"), d.getString("template"),
                d.getList("channels", String.class), d.getString("purpose"), d.getString("status"),
                ((Number) d.get("members")).longValue(), outcomes, d.getString("by"), d.getDate("createdAt").toInstant(),
                finished == null ? null : finished.toInstant(), false);
    }

    private static MongoCollection<Document> broadcasts(TenantDatabase db) {
        return db.collection(COLLECTION);
    }
}
