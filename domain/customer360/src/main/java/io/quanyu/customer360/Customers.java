package io.quanyu.customer360;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.identities.IdentityType;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.records.Records;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The customer 360 as one call may see and change it: the guarded service that the REST API, GraphQL, the builder
 * and plugins call. Every tenant role reads profiles, timelines and suggestions; data writers (tenant admins,
 * builders, integrators, plugins) ingest, tag, merge, unmerge, accept and dismiss; tenant admins export and erase;
 * the model's owners (tenant admins, builders) change event types and settings. Every customer or order record it
 * answers loses the fields the call's roles may not read, as {@link Records} does for records.
 */
public final class Customers {
    private final MongoTenantDatabases databases;
    private final Customer360 customers;
    private final Records records;

    public Customers(MongoTenantDatabases databases, Customer360 customers, Records records) {
        this.databases = databases;
        this.customers = customers;
        this.records = records;
    }

    public List<EventResult> track(CallContext call, JsonNode events) {
        return customers.track(db(call, TenantAccess.WRITE_DATA), call.quotas(), call.actor(), events);
    }

    public List<OrderFeed.OrderResult> orders(CallContext call, JsonNode orders) {
        return customers.orders(db(call, TenantAccess.WRITE_DATA), call.quotas(), call.actor(), orders);
    }

    /** The whole profile; its customer record without the fields the call may not read. */
    public ObjectNode profile(CallContext call, String customer) {
        ObjectNode profile = customers.profile(db(call, TenantAccess.READ), customer);
        if (profile.get("record") instanceof ObjectNode record) {
            records.visibleTo(call, "customer").apply(record);
        }
        return profile;
    }

    /** Stage, tags and scores of several customers (see {@link Customer360#summaries}). */
    public Map<String, ObjectNode> summaries(CallContext call, Collection<String> ids) {
        return customers.summaries(db(call, TenantAccess.READ), ids);
    }

    /** The customer owning an identity ({@code scope|value} for scoped types), if anyone does. */
    public Optional<String> findByIdentity(CallContext call, String type, String value) {
        return customers.findByIdentity(db(call, TenantAccess.READ), type, value);
    }

    /** The tenant's identity type names, strongest first. */
    public List<String> identityTypes(CallContext call) {
        return settings(call).types().all().stream().sorted(Comparator.comparingInt(IdentityType::priority))
                .map(IdentityType::type).toList();
    }

    /** The stored events among {@code ids}, oldest first, for a call that reads the tenant's data. */
    public List<TrackedEvent> events(CallContext call, Collection<String> ids) {
        return customers.events(db(call, TenantAccess.READ), ids);
    }

    public Timeline.Page timeline(CallContext call, String customer, List<String> types, List<String> channels,
                                  int first, String after) {
        return timeline(call, customer, types, channels, null, null, first, after);
    }

    /** A page of the customer's events between {@code since} (inclusive) and {@code until} (exclusive), either null. */
    public Timeline.Page timeline(CallContext call, String customer, List<String> types, List<String> channels,
                                  java.time.Instant since, java.time.Instant until, int first, String after) {
        return customers.timeline(db(call, TenantAccess.READ), customer, types, channels, since, until, first, after);
    }

    /** Adds or removes a tag: a manual one, or a plugin's ({@code plugin:<id>}) when a plugin's call sets it. */
    public void tag(CallContext call, String customer, String tag, boolean add) {
        customers.tag(db(call, TenantAccess.WRITE_DATA), customer, tag, add, call.actor(),
                call.plugin() == null ? "manual" : "plugin:" + call.plugin());
    }

    /** The profile as the condition language sees it: aggregates, scores, tags, stage, identity types, plugin facts. */
    public ObjectNode facts(CallContext call, String customer) {
        return customers.facts(db(call, TenantAccess.READ), customer);
    }

    /** Whether the profile matches a rule of the condition language, with the explanation in en and zh-CN. */
    public io.quanyu.conditions.Verdict matches(CallContext call, String customer, JsonNode rule) {
        return matches(call, customer, rule, null);
    }

    /** As {@link #matches(CallContext, String, JsonNode)}, with {@code event} (when given) at the facts' {@code event}. */
    public io.quanyu.conditions.Verdict matches(CallContext call, String customer, JsonNode rule,
                                                @org.jspecify.annotations.Nullable JsonNode event) {
        return customers.matches(db(call, TenantAccess.READ), customer, rule, event);
    }

    /** Changes the calling plugin's facts on the profile; only a plugin's call has facts of its own. */
    public void putFacts(CallContext call, String customer, Map<String, ?> changes) {
        if (call.plugin() == null) {
            throw new QuanyuException(ErrorCode.PERMISSION_DENIED, Map.of("reason", "only a plugin keeps facts on profiles"));
        }
        customers.putFacts(db(call, TenantAccess.WRITE_DATA), customer, call.plugin(), changes);
    }

    public Map<String, Object> merge(CallContext call, String survivor, String merged) {
        return mergeView(customers.merges().merge(db(call, TenantAccess.WRITE_DATA), survivor, merged, call.actor(), "by hand"));
    }

    public Map<String, Object> unmerge(CallContext call, String mergeId) {
        return mergeView(customers.merges().unmerge(db(call, TenantAccess.WRITE_DATA), mergeId, call.actor()));
    }

    /** Open merge suggestions: {@code id, customers, reason, status, at}. */
    public ArrayNode suggestions(CallContext call) {
        return Customer360.views(customers.merges().suggestions(db(call, TenantAccess.READ), null),
                "customers", "reason", "status", "at");
    }

    public Map<String, Object> accept(CallContext call, String suggestionId) {
        return mergeView(customers.merges().accept(db(call, TenantAccess.WRITE_DATA), suggestionId, call.actor()));
    }

    public void dismiss(CallContext call, String suggestionId) {
        customers.merges().dismiss(db(call, TenantAccess.WRITE_DATA), suggestionId, call.actor());
    }

    /** Everything kept about a customer (privacy export); its customer and order records as the caller may read them. */
    public ObjectNode export(CallContext call, String customer) {
        ObjectNode export = customers.privacy().export(db(call, TenantAccess.ADMINISTER), customer, call.actor());
        if (export.get("record") instanceof ObjectNode record) {
            records.visibleTo(call, "customer").apply(record);
        }
        var order = records.visibleTo(call, "order");
        export.path("orders").forEach(o -> {
            if (o instanceof ObjectNode node) {
                order.apply(node);
            }
        });
        return export;
    }

    /** Erases a customer; answers the audit entry. */
    public Document erase(CallContext call, String customer) {
        return customers.privacy().erase(db(call, TenantAccess.ADMINISTER), customer, call.actor());
    }

    public Map<String, EventTypes.Definition> eventTypes(CallContext call) {
        return customers.eventTypes().all(db(call, TenantAccess.READ));
    }

    public EventTypes.Definition putEventType(CallContext call, String type, JsonNode schema, boolean strict) {
        return customers.eventTypes().put(db(call, TenantAccess.CHANGE_MODEL), type, schema, strict);
    }

    public Customer360Settings settings(CallContext call) {
        return customers.settings(db(call, TenantAccess.READ));
    }

    /** Replaces the tenant's settings after checking them; answers what is stored now. */
    public Customer360Settings settings(CallContext call, Customer360Settings changed) {
        TenantDatabase db = db(call, TenantAccess.CHANGE_MODEL);
        customers.settings(db, changed);
        return customers.settings(db);
    }

    /** A merge as the API shows it: {@code id, survivor, merged, status, reason}. */
    static Map<String, Object> mergeView(Document merge) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", merge.getString("_id"));
        view.put("survivor", merge.getString("survivor"));
        view.put("merged", merge.getString("merged"));
        view.put("status", merge.getString("status"));
        view.put("reason", merge.getString("reason"));
        return view;
    }

    private TenantDatabase db(CallContext call, TenantAccess access) {
        return customers.ready(databases.forCall(call.require(access)));
    }
}
