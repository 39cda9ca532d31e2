package io.quanyu.ui.access;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.customer360.Customers;
import io.quanyu.customer360.Timeline;
import tools.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The customer 360 as the builder sees it: calls of the guarded {@link Customers} service with the signed-in user's
 * call, which checks the roles as the REST API does (every tenant role reads profiles, timelines and suggestions;
 * data writers tag, merge, unmerge, accept and dismiss) and strips the record fields the user may not read.
 */
public class CustomerWorkspace {
    private final CurrentTenant current;
    private final Customers customers;

    public CustomerWorkspace(CurrentTenant current, Customers customers) {
        this.current = current;
        this.customers = customers;
    }

    public boolean canWrite() {
        return TenantAccess.WRITE_DATA.allows(current.workspace().context());
    }

    /** The tenant's identity type names, strongest first. */
    public List<String> identityTypes() {
        return customers.identityTypes(call());
    }

    /** The customer owning an identity ({@code scope|value} for scoped types), if anyone does. */
    public Optional<String> findByIdentity(String type, String value) {
        return customers.findByIdentity(call(), type, value);
    }

    /** Stage, tags and scores of a page of customers (see {@link Customers#summaries}). */
    public Map<String, ObjectNode> summaries(Collection<String> ids) {
        return customers.summaries(call(), ids);
    }

    /** The whole profile; its record without the fields this user may not read. */
    public ObjectNode profile(String id) {
        return customers.profile(call(), id);
    }

    public Timeline.Page timeline(String id, int first, String after) {
        return customers.timeline(call(), id, List.of(), List.of(), first, after);
    }

    public void tag(String id, String tag, boolean add) {
        customers.tag(call(), id, tag, add);
    }

    /** Accepts a merge suggestion; returns the surviving customer. */
    public String accept(String suggestionId) {
        return (String) customers.accept(call(), suggestionId).get("survivor");
    }

    public void dismiss(String suggestionId) {
        customers.dismiss(call(), suggestionId);
    }

    /** Undoes a merge; returns the customer it restored. */
    public String unmerge(String mergeId) {
        return (String) customers.unmerge(call(), mergeId).get("merged");
    }

    private CallContext call() {
        return current.workspace().call();
    }
}
