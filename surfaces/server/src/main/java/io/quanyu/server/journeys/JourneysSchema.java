package io.quanyu.server.journeys;

import graphql.schema.DataFetchingEnvironment;
import io.quanyu.core.call.CallContext;
import io.quanyu.graphql.SchemaParts;
import io.quanyu.journeys.Journeys;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

import static io.quanyu.graphql.SchemaParts.field;

/**
 * Journeys in every tenant schema, on the guarded {@link Journeys} service with the request's call: the journeys,
 * one with its draft, the customers at each node, a customer's journeys and path; {@code putJourney},
 * {@code publishJourney}, {@code stopJourney} and {@code startJourney}.
 */
public final class JourneysSchema implements io.quanyu.graphql.SchemaContribution {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final Journeys journeys;

    public JourneysSchema(Journeys journeys) {
        this.journeys = journeys;
    }

    @Override
    public void contribute(SchemaParts parts) {
        parts.type("Journey", "key: ID!", "names: JSON!", "status: String!", "published: Int!", "publishedAt: DateTime",
                        "draft: JSON!", "revision: Int!", "createdAt: DateTime!", "createdBy: String", "updatedAt: DateTime!", "updatedBy: String",
                        "migration: JSON")
                .type("JourneyEnrollment", "journey: ID!", "customerId: ID", "run: Int!", "version: Int!", "node: String!", "state: String!",
                        "dueAt: DateTime", "enteredAt: DateTime!", "outcome: String", "reason: String", "endedAt: DateTime",
                        "holdout: Boolean!")
                .type("JourneyStep", "run: Int!", "version: Int!", "node: String!", "at: DateTime!", "choice: String",
                        "result: JSON")
                .type("JourneyVersion", "journey: ID!", "version: Int!", "publishedAt: DateTime!", "publishedBy: String",
                        "definition: JSON!");
        parts.query(field("journeys", "[Journey!]!"), env -> journeys.list(call(env)).stream()
                .map(j -> view(JourneyViews.journey(j))).toList());
        parts.query(field("journey", "Journey!", "key: ID!"), env -> view(JourneyViews.journey(journeys.get(call(env),
                env.getArgument("key")))));
        parts.query(field("journeyVersions", "[JourneyVersion!]!", "key: ID!"), env -> journeys.versions(call(env),
                env.getArgument("key")).stream().map(v -> view(JourneyViews.version(v))).toList());
        parts.query(field("journeyWebhookSecret", "String!"), env -> journeys.webhookSecret(call(env)));
        parts.mutation(field("rotateJourneyWebhookSecret", "String!"), env -> journeys.rotateWebhookSecret(call(env)));
        parts.query(field("journeyPlugins", "JSON!"), env -> view(JourneyViews.plugins(journeys.pluginSteps(call(env)))));
        parts.query(field("journeySettings", "JSON!"), env -> view(JourneyViews.settings(journeys.settings(call(env)))));
        parts.mutation(field("putJourneySettings", "JSON!", "settings: JSON!"), env -> view(JourneyViews.settings(
                journeys.putSettings(call(env), JSON.valueToTree(env.getArgument("settings"))))));
        parts.query(field("journeyCounts", "JSON!", "key: ID!"), env -> journeys.counts(call(env), env.getArgument("key")));
        parts.query(field("journeyExperiments", "JSON!", "key: ID!"), env -> journeys.experiments(call(env), env.getArgument("key")));
        parts.query(field("customerJourneys", "[JourneyEnrollment!]!", "customerId: ID!"), env -> journeys
                .ofCustomer(call(env), env.getArgument("customerId")).stream().map(e -> view(JourneyViews.enrollment(e, false))).toList());
        parts.query(field("stuckJourneyEnrollments", "[JourneyEnrollment!]!", "key: ID!", "first: Int"), env -> {
            Integer first = env.getArgument("first");
            return journeys.stuck(call(env), env.getArgument("key"), first == null ? 100 : first).stream()
                    .map(e -> view(JourneyViews.enrollment(e, true))).toList();
        });
        parts.query(field("journeyPath", "[JourneyStep!]!", "key: ID!", "customerId: ID!"), env -> journeys
                .path(call(env), env.getArgument("key"), env.getArgument("customerId")).stream()
                .map(d -> view(JourneyViews.step(d))).toList());
        parts.mutation(field("putJourney", "Journey!", "key: ID!", "journey: JSON!", "revision: Int"), env -> {
            Integer revision = env.getArgument("revision");
            return view(JourneyViews.journey(journeys.put(call(env), env.getArgument("key"),
                    JSON.valueToTree(env.getArgument("journey")), revision == null ? null : revision.longValue())));
        });
        parts.query(field("journeyPublishPreview", "JSON!", "key: ID!", "migration: JSON"), env -> view(JourneyViews.plan(
                journeys.preview(call(env), env.getArgument("key"), migration(env)))));
        parts.mutation(field("publishJourney", "Journey!", "key: ID!", "migration: JSON"), env -> view(JourneyViews.published(
                journeys.publish(call(env), env.getArgument("key"), migration(env)))));
        parts.mutation(field("enterJourney", "JourneyEnrollment!", "key: ID!", "customerId: ID!"),
                env -> view(JourneyViews.enrollment(journeys.enter(call(env), env.getArgument("key"), env.getArgument("customerId")), true)));
        parts.mutation(field("testJourney", "JourneyEnrollment!", "key: ID!", "customerId: ID!", "speed: Int"), env -> {
            Integer speed = env.getArgument("speed");
            return view(JourneyViews.enrollment(journeys.test(call(env), env.getArgument("key"), env.getArgument("customerId"),
                    speed == null ? 60 : speed), true));
        });
        parts.mutation(field("repairJourneyEnrollment", "JourneyEnrollment!", "key: ID!", "customerId: ID!", "action: String!"),
                env -> view(JourneyViews.enrollment(journeys.repair(call(env), env.getArgument("key"), env.getArgument("customerId"),
                        env.getArgument("action")), true)));
        parts.mutation(field("stopJourney", "Journey!", "key: ID!"), env -> view(JourneyViews.journey(
                journeys.stop(call(env), env.getArgument("key")))));
        parts.mutation(field("startJourney", "Journey!", "key: ID!"), env -> view(JourneyViews.journey(
                journeys.start(call(env), env.getArgument("key")))));
    }

    /** Plain values for graphql-java: JSON trees as maps and lists. */
    private static Map<String, Object> view(Map<String, Object> value) {
        return JSON.convertValue(value, MAP);
    }

    /** The publication's options ({@code {mode, mapping}}), or null for a drain. */
    private static tools.jackson.databind.JsonNode migration(DataFetchingEnvironment env) {
        Object value = env.getArgument("migration");
        return value == null ? null : JSON.valueToTree(value);
    }

    private static CallContext call(DataFetchingEnvironment env) {
        return SchemaParts.scope(env).call();
    }
}
