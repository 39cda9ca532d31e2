package io.quanyu.server.journeys;

import io.quanyu.journeys.Enrollment;
import io.quanyu.journeys.Journey;
import io.quanyu.journeys.Migration;
import org.bson.Document;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Journeys, enrollments and steps as REST and GraphQL answer them. */
final class JourneyViews {
    private JourneyViews() {
    }

    static Map<String, Object> journey(Journey j) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", j.key());
        out.put("names", j.names());
        out.put("status", j.status());
        out.put("published", j.published());
        out.put("publishedAt", j.publishedAt() == null ? null : j.publishedAt().toString());
        out.put("draft", j.draft());
        out.put("revision", j.revision());
        out.put("createdAt", j.createdAt().toString());
        out.put("createdBy", j.createdBy());
        out.put("updatedAt", j.updatedAt().toString());
        out.put("updatedBy", j.updatedBy());
        return out;
    }

    static Map<String, Object> version(io.quanyu.journeys.JourneyVersion v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("journey", v.journey());
        out.put("version", v.version());
        out.put("publishedAt", v.publishedAt().toString());
        out.put("publishedBy", v.publishedBy());
        out.put("definition", v.definition());
        return out;
    }

    /** An enrollment; with {@code customer}, whose it is (lists of one journey's enrollments). */
    static Map<String, Object> enrollment(Enrollment e, boolean customer) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("journey", e.journey());
        if (customer) {
            out.put("customerId", e.customer());
        }
        out.put("run", e.run());
        out.put("version", e.version());
        out.put("node", e.node());
        out.put("state", e.state());
        out.put("dueAt", e.dueAt() == null ? null : e.dueAt().toString());
        out.put("enteredAt", e.enteredAt().toString());
        out.put("outcome", e.outcome());
        out.put("reason", e.reason());
        out.put("endedAt", e.endedAt() == null ? null : e.endedAt().toString());
        out.put("holdout", e.holdout());
        return out;
    }

    /** {@code {"actions": [..], "triggers": [..]}}: each {@code plugin}, {@code name}, {@code titles}, {@code parameters} (a trigger's {@code eventTypes} too). */
    static Map<String, Object> plugins(Map<String, List<io.quanyu.journeys.JourneyPlugins.Offered>> offered) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String kind : List.of("actions", "triggers")) {
            out.put(kind, offered.getOrDefault(kind, List.of()).stream().map(o -> {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("plugin", o.plugin());
                view.put("name", o.name());
                view.put("titles", o.titles());
                view.put("parameters", o.parameters());
                if (kind.equals("triggers")) {
                    view.put("eventTypes", o.eventTypes());
                }
                return view;
            }).toList());
        }
        return out;
    }

    static Map<String, Object> settings(io.quanyu.journeys.JourneySettings s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("globalHoldoutPercent", s.globalHoldoutPercent());
        out.put("updatedAt", s.updatedAt() == null ? null : s.updatedAt().toString());
        out.put("updatedBy", s.updatedBy());
        return out;
    }

    /** A publication's answer: the journey as published, and what it did to the customers in older versions. */
    static Map<String, Object> published(io.quanyu.journeys.Journeys.Published published) {
        Map<String, Object> out = journey(published.journey());
        out.put("migration", plan(published.migration()));
        return out;
    }

    /** What a publication does or did to the customers in older versions, in total and per version and node. */
    static Map<String, Object> plan(Migration.Plan plan) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("journey", plan.journey());
        out.put("version", plan.version());
        out.put("mode", plan.mode());
        out.put("moved", plan.moved());
        out.put("exited", plan.exited());
        out.put("staying", plan.staying());
        out.put("rows", plan.rows().stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("version", r.version());
            row.put("node", r.node());
            row.put("state", r.state());
            row.put("action", r.action());
            row.put("to", r.to());
            row.put("customers", r.customers());
            return row;
        }).toList());
        return out;
    }

    static Map<String, Object> step(Document d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run", d.get("run"));
        out.put("version", d.get("version"));
        out.put("node", d.getString("node"));
        out.put("at", d.getDate("at").toInstant().toString());
        out.put("choice", d.getString("choice"));
        out.put("result", d.get("result", Document.class) == null ? null : new LinkedHashMap<>(d.get("result", Document.class)));
        return out;
    }
}
