package io.quanyu.ui.access;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.journeys.Journey;
import io.quanyu.journeys.Journeys;
import io.quanyu.journeys.Migration;
import io.quanyu.messaging.Messaging;
import io.quanyu.messaging.Template;
import io.quanyu.segments.Segment;
import io.quanyu.segments.Segments;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * The builder's journeys screen on the guarded {@link Journeys} service, as the signed-in user: every tenant role
 * reads journeys and their counts; tenant admins and builders ({@link TenantAccess#CHANGE_MODEL}, what saving,
 * publishing, stopping and starting require) change them. The pickers read message templates and segments through
 * their own guarded services.
 */
public class JourneysWorkspace {
    private final CurrentTenant current;
    private final Journeys journeys;
    private final Messaging messaging;
    private final Segments segments;
    private final io.quanyu.records.Records records;

    public JourneysWorkspace(CurrentTenant current, Journeys journeys, Messaging messaging, Segments segments,
                             io.quanyu.records.Records records) {
        this.current = current;
        this.journeys = journeys;
        this.messaging = messaging;
        this.segments = segments;
        this.records = records;
    }

    public boolean canChange() {
        return TenantAccess.CHANGE_MODEL.allows(current.workspace().context());
    }

    public List<Journey> list() {
        return journeys.list(call());
    }

    public Journey get(String key) {
        return journeys.get(call(), key);
    }

    /** Saves the draft over the revision the editor read (0 for a new journey). */
    public Journey put(String key, JsonNode draft, long revision) {
        return journeys.put(call(), key, draft, revision);
    }

    /** What publishing the saved draft with these options would do to the customers in older versions. */
    public Migration.Plan preview(String key, @Nullable JsonNode options) {
        return journeys.preview(call(), key, options);
    }

    public Journeys.Published publish(String key, @Nullable JsonNode options) {
        return journeys.publish(call(), key, options);
    }

    public Journey stop(String key) {
        return journeys.stop(call(), key);
    }

    public Journey start(String key) {
        return journeys.start(call(), key);
    }

    /** Runs the saved draft for one customer with every wait divided by {@code speed}, as journey {@code <key>~test}. */
    public io.quanyu.journeys.Enrollment test(String key, String customer, int speed) {
        return journeys.test(call(), key, customer, speed);
    }

    /** The steps a customer took in a journey (a test run's under {@code <key>~test}), oldest first. */
    public List<org.bson.Document> path(String key, String customer) {
        return journeys.path(call(), key, customer);
    }

    /** The journey's published versions, newest first. */
    public List<io.quanyu.journeys.JourneyVersion> versions(String key) {
        return journeys.versions(call(), key);
    }

    /** Per node, the customers at it now by state (or, at an end, outcome). */
    public Map<String, Map<String, Long>> counts(String key) {
        return journeys.counts(call(), key);
    }

    /** The actions and triggers the tenant's enabled plugins offer to journeys ({@code actions}, {@code triggers}). */
    public Map<String, List<io.quanyu.journeys.JourneyPlugins.Offered>> pluginSteps() {
        return journeys.pluginSteps(call());
    }

    public List<Template> templates() {
        return messaging.templates(call());
    }

    public List<Segment> segments() {
        return segments.list(call());
    }

    /** The customer object as this user sees it, and the user's roles: what a condition step's rule may compare. */
    public io.quanyu.objects.model.ObjectType customerObject() {
        return records.object(call(), "customer").type();
    }

    public java.util.Set<String> roleNames() {
        return call().roleNames();
    }

    /** The customer object's date fields this user may read, for a date entry. */
    public List<String> dateFields() {
        var roles = call().roleNames();
        return records.object(call(), "customer").type().fields().stream()
                .filter(f -> f.type() == io.quanyu.objects.model.FieldType.DATE && f.readableBy(roles))
                .map(io.quanyu.objects.model.FieldDef::apiName).toList();
    }

    private CallContext call() {
        return current.workspace().call();
    }
}
