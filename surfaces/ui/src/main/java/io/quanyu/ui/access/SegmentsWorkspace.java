package io.quanyu.ui.access;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.segments.Membership;
import io.quanyu.segments.Segment;
import io.quanyu.segments.Segments;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * The builder's segments screen on the guarded {@link Segments} service, as the signed-in user: every tenant role
 * reads definitions, sizes, members, explanations and entries and exits per day, and sizes a rule being written;
 * tenant admins and builders ({@link TenantAccess#CHANGE_MODEL}, what {@link Segments#put} and {@link Segments#delete}
 * require) change them.
 */
public class SegmentsWorkspace {
    /** The profiles an estimate reads at most. */
    public static final int SAMPLE = Segments.MAX_SAMPLE;
    private final CurrentTenant current;
    private final Segments segments;

    public SegmentsWorkspace(CurrentTenant current, Segments segments) {
        this.current = current;
        this.segments = segments;
    }

    public boolean canChange() {
        return TenantAccess.CHANGE_MODEL.allows(current.workspace().context());
    }

    public List<Segment> list() {
        return segments.list(call());
    }

    public Segment get(String key) {
        return segments.get(call(), key);
    }

    /** Creates or edits a segment from {@code {names, description, rule}}. */
    public Segment put(String key, JsonNode body) {
        return segments.put(call(), key, body);
    }

    public void delete(String key) {
        segments.delete(call(), key);
    }

    /** Whether this user may upload a list segment's members (they are data, not the model). */
    public boolean canUpload() {
        return TenantAccess.WRITE_DATA.allows(current.workspace().context());
    }

    /** Replaces a list segment's members with the identities of an uploaded CSV. */
    public io.quanyu.segments.Segments.Uploaded upload(String key, String identityType, byte[] csv) {
        return segments.upload(call(), key, identityType, new java.io.InputStreamReader(
                new java.io.ByteArrayInputStream(csv), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Writes the segment's members as CSV. */
    public void export(String key, java.io.Writer out) throws java.io.IOException {
        segments.export(call(), key, out);
    }

    /** Each segment's member count, by key. */
    public Map<String, Long> counts() {
        return segments.counts(call());
    }

    /** Members in customer id order after {@code after}, at most {@code limit}. */
    public List<Membership> members(String key, String after, int limit) {
        return segments.members(call(), key, after, limit);
    }

    /** The customer's memberships, current and past. */
    public List<Membership> ofCustomer(String customer) {
        return segments.ofCustomer(call(), customer);
    }

    public Segments.Explained explain(String key, String customer) {
        return segments.explain(call(), key, customer);
    }

    /** The segment's entries and exits per day of {@code zone}, every day from {@code from} to {@code to}. */
    public List<io.quanyu.segments.SegmentIndex.Day> history(String key, java.time.ZoneId zone,
                                                             java.time.LocalDate from, java.time.LocalDate to) {
        return segments.history(call(), key, zone, from, to);
    }

    /** How many customers a rule matches (exact up to {@link #SAMPLE} profiles, estimated beyond). */
    public Segments.Estimate estimate(JsonNode rule) {
        return segments.estimate(call(), rule, SAMPLE);
    }

    private CallContext call() {
        return current.workspace().call();
    }
}
