package io.quanyu.ui.access;

import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.core.tenant.Role;
import io.quanyu.customer360.Customer360;
import io.quanyu.customer360.IdentityType;
import io.quanyu.customer360.Timeline;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.records.FieldVisibility;
import io.quanyu.records.MetadataService;
import org.bson.Document;
import tools.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The customer 360 as the builder sees it, each call checked against the signed-in user's roles here, as the REST
 * API does: every tenant role reads profiles, timelines and suggestions; data writers (tenant admins, builders,
 * integrators) tag, merge, unmerge, accept and dismiss. The customer record inside a profile loses the fields the
 * user may not read, as in record queries.
 */
public class CustomerWorkspace {
    private final CurrentTenant current;
    private final Customer360 customers;
    private final MetadataService metadata;

    public CustomerWorkspace(CurrentTenant current, Customer360 customers, MetadataService metadata) {
        this.current = current;
        this.customers = customers;
        this.metadata = metadata;
    }

    public boolean canWrite() {
        return TenantAccess.WRITE_DATA.allows(current.workspace().context());
    }

    /** The tenant's identity type names, strongest first. */
    public List<String> identityTypes() {
        return customers.settings(read().database()).types().all().stream()
                .sorted(java.util.Comparator.comparingInt(IdentityType::priority)).map(IdentityType::type).toList();
    }

    /** The customer owning an identity ({@code scope|value} for scoped types), if anyone does. */
    public Optional<String> findByIdentity(String type, String value) {
        return customers.findByIdentity(read().database(), type, value);
    }

    /** Stage, tags and scores of a page of customers (see {@link Customer360#summaries}). */
    public Map<String, ObjectNode> summaries(Collection<String> ids) {
        return customers.summaries(read().database(), ids);
    }

    /** The whole profile; its record without the fields this user may not read. */
    public ObjectNode profile(String id) {
        Workspace w = read();
        ObjectNode profile = customers.profile(w.database(), id);
        if (profile.get("record") instanceof ObjectNode record) {
            ObjectType type = metadata.get(w.database(), "customer").type();
            FieldVisibility.strip(type, record, roleNames(w));
        }
        return profile;
    }

    public Timeline.Page timeline(String id, int first, String after) {
        return customers.timeline(read().database(), id, List.of(), List.of(), first, after);
    }

    public void tag(String id, String tag, boolean add) {
        Workspace w = require(TenantAccess.WRITE_DATA);
        customers.tag(ready(w), id, tag, add, w.context().username());
    }

    /** Accepts a merge suggestion; returns the surviving customer. */
    public String accept(String suggestionId) {
        Workspace w = require(TenantAccess.WRITE_DATA);
        return customers.merges().accept(ready(w), suggestionId, w.context().username()).getString("survivor");
    }

    public void dismiss(String suggestionId) {
        Workspace w = require(TenantAccess.WRITE_DATA);
        customers.merges().dismiss(ready(w), suggestionId, w.context().username());
    }

    /** Undoes a merge; returns the customer it restored. */
    public String unmerge(String mergeId) {
        Workspace w = require(TenantAccess.WRITE_DATA);
        Document undone = customers.merges().unmerge(ready(w), mergeId, w.context().username());
        return undone.getString("merged");
    }

    private Workspace read() {
        Workspace w = require(TenantAccess.READ);
        ready(w);
        return w;
    }

    private Workspace require(TenantAccess access) {
        return TenantWorkspace.require(current, access);
    }

    private TenantDatabase ready(Workspace w) {
        return customers.ready(w.database());
    }

    private static Set<String> roleNames(Workspace w) {
        return w.context().roles().stream().map(Role::claimValue).collect(Collectors.toUnmodifiableSet());
    }
}
