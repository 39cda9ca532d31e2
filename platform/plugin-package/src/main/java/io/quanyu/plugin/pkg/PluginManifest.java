package io.quanyu.plugin.pkg;

import io.quanyu.objects.model.LocalizedText;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plugin's manifest ({@code META-INF/quanyu/plugin.json}), checked by {@link ManifestParser}. The format is
 * specified in the plugin SDK's README. Optional lists are empty, never {@code null}; optional schemas are an empty
 * object schema ({@code {"type":"object"}}).
 *
 * @param id          {@code [a-z][a-z0-9-]{2,63}}, the plugin's marketplace id
 * @param version     the release's semantic version
 * @param requires    the SDK versions the plugin runs on (PF4J expression)
 * @param provider    the publishing ISV's id
 * @param license     SPDX licence id, may be {@code null}
 * @param name        display name ({@code en} required)
 * @param description description, may be {@code null}
 * @param settings    JSON Schema of the tenant's settings of the plugin
 * @param operations  GraphQL queries and mutations
 * @param objects     object type files, relative to {@code META-INF/quanyu/}
 * @param events      event types the plugin emits
 * @param channels    messaging channels
 * @param actions     journey actions
 * @param triggers    journey triggers
 * @param webhooks    partner callback paths
 * @param jobs        scheduled jobs
 * @param tasks       kinds of one-off tasks
 * @param subscriptions the customer events the plugin receives, by subscriber
 * @param widgets     dashboard widgets
 * @param egress      the hosts its code may connect to ({@code host}, {@code host:port}, {@code *.domain})
 * @param document    the manifest exactly as written in the package, for storing and listing
 */
public record PluginManifest(String id, String version, String requires, String provider, String license,
                             LocalizedText name, LocalizedText description, JsonNode settings,
                             List<OperationSpec> operations, List<String> objects, List<EventSpec> events,
                             List<ChannelSpec> channels, List<ActionSpec> actions, List<TriggerSpec> triggers,
                             List<WebhookSpec> webhooks, List<JobSpec> jobs, List<TaskSpec> tasks,
                             List<SubscriptionSpec> subscriptions, List<WidgetSpec> widgets, List<String> egress,
                             JsonNode document) {

    public PluginManifest {
        operations = List.copyOf(operations);
        objects = List.copyOf(objects);
        events = List.copyOf(events);
        channels = List.copyOf(channels);
        actions = List.copyOf(actions);
        triggers = List.copyOf(triggers);
        webhooks = List.copyOf(webhooks);
        jobs = List.copyOf(jobs);
        tasks = List.copyOf(tasks);
        subscriptions = List.copyOf(subscriptions);
        egress = List.copyOf(egress);
        widgets = List.copyOf(widgets);
    }

    /** How long the plugin's calls of a kind may run ({@code timeouts}: kind label to duration), within the platform's caps. */
    public Map<String, java.time.Duration> timeouts() {
        Map<String, java.time.Duration> out = new java.util.LinkedHashMap<>();
        document.path("timeouts").properties().forEach(e -> out.put(e.getKey(), java.time.Duration.parse(e.getValue().asString())));
        return out;
    }

    /**
     * The settings whose values are hosts the plugin may connect to besides {@link #egress()} ({@code egressSettings}):
     * a tenant's SMTP relay, its own API server.
     */
    public List<String> egressSettings() {
        List<String> out = new java.util.ArrayList<>();
        document.path("egressSettings").forEach(n -> out.add(n.asString()));
        return List.copyOf(out);
    }

    /** The builder pages the plugin declares ({@code pages}), in declaration order. */
    public List<PageSpec> pages() {
        return PageSpec.of(document);
    }

    /** The other plugins' operations this plugin calls ({@code uses}), by plugin id. */
    public Map<String, Set<String>> uses() {
        Map<String, Set<String>> out = new java.util.LinkedHashMap<>();
        for (JsonNode use : document.path("uses")) {
            Set<String> operations = out.computeIfAbsent(use.path("plugin").asString(), k -> new LinkedHashSet<>());
            use.path("operations").forEach(o -> operations.add(o.asString()));
        }
        return out;
    }

    /** The names of the settings marked {@code "x-secret": true}, stored encrypted and shown masked. */
    public Set<String> secretSettings() {
        Set<String> out = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> property : settings.path("properties").properties()) {
            if (property.getValue().path("x-secret").asBoolean(false)) {
                out.add(property.getKey());
            }
        }
        return out;
    }

    /** The prefix every object type the plugin contributes starts with: the id without dashes ({@code acmehello}). */
    public String objectPrefix() {
        return id.replace("-", "");
    }

    /** Whether the manifest declares anything a plugin class must implement (so {@code extensions.idx} is needed). */
    public boolean declaresExtensions() {
        return !(operations.isEmpty() && channels.isEmpty() && actions.isEmpty() && triggers.isEmpty()
                && webhooks.isEmpty() && jobs.isEmpty() && tasks.isEmpty() && subscriptions.isEmpty()
                && widgets.isEmpty());
    }
}
