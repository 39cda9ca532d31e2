package io.quanyu.ui.journeys;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.journeys.Definition;
import io.quanyu.journeys.JourneyTemplates;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The canvas's edits of a draft: dropping, connecting, disconnecting and deleting steps, and what is drawn. */
class JourneyDraftTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JourneyDraft.Texts TEXTS = new JourneyDraft.Texts() {
        public String type(String type) {
            return "T:" + type;
        }

        public String port(String port) {
            return "P:" + port;
        }

        public String summary(String id, JsonNode node) {
            return "S:" + id;
        }
    };

    @Test
    void aWelcomeJourneyBuiltStepByStepParsesAsTheServerReadsIt() {
        JourneyDraft draft = new JourneyDraft(JourneyTemplates.all().getFirst().draft());
        assertThat(draft.paths(JourneyDraft.ENTRY)).extracting(JourneyDraft.Path::target).containsExactly("done");
        String send = draft.add("send", 100, 200);
        assertThat(send).isEqualTo("send1");
        draft.node(send).put("template", "welcome");
        assertThat(draft.connect(JourneyDraft.ENTRY, "start", send)).isTrue();
        assertThat(draft.connect(send, "next", "done")).isTrue();
        Definition d = Definition.parse(draft.json());
        assertThat(d.start()).isEqualTo("send1");
        assertThat(d.nodes().get("send1").next()).containsExactly("done");
        assertThat(draft.json().path("layout").path("send1").path("y").asInt()).isEqualTo(200);

        var graph = draft.graph(TEXTS, send, Set.of());
        assertThat(graph.path("selected").asString()).isEqualTo("send1");
        assertThat(graph.path("nodes")).extracting(n -> n.path("id").asString()).containsExactly("@entry", "done", "send1");
        assertThat(graph.path("edges").toString()).contains("{\"source\":\"@entry\",\"port\":\"start\",\"target\":\"send1\"}",
                "{\"source\":\"send1\",\"port\":\"next\",\"target\":\"done\"}");
        JsonNode entry = graph.path("nodes").get(0);
        assertThat(entry.path("in").asBoolean()).isFalse();
        assertThat(entry.path("title").asString()).isEqualTo("T:entry");
    }

    @Test
    void pathsFollowTheStepsTypeAndDeletingAStepCutsEveryPathToIt() {
        JourneyDraft draft = new JourneyDraft(JourneyTemplates.all().get(1).draft());
        assertThat(draft.paths("ordered")).extracting(JourneyDraft.Path::port).containsExactly("onEvent", "onTimeout");
        String split = draft.add("split", 0, 0);
        assertThat(draft.paths(split)).extracting(JourneyDraft.Path::port).containsExactly("arm:A", "arm:B");
        assertThat(draft.connect(split, "arm:B", "done")).isTrue();
        assertThat(draft.node(split).path("arms").get(1).path("next").asString()).isEqualTo("done");
        assertThat(draft.connect(split, "arm:Z", "done")).as("no such path").isFalse();
        assertThat(draft.connect(split, "arm:A", JourneyDraft.ENTRY)).as("nothing leads to the entry").isFalse();
        assertThat(draft.connect(split, "arm:A", split)).as("no step leads to itself").isFalse();
        String action = draft.add("action", 0, 0);
        assertThat(draft.paths(action)).extracting(JourneyDraft.Path::port).containsExactly("next", "onFailure");
        assertThat(draft.connect(action, "onFailure", "done")).isTrue();
        assertThat(draft.node(action).path("onFailure").asString()).isEqualTo("done");
        assertThat(draft.node(action).path("parameters").isObject()).isTrue();

        draft.remove("offer");
        assertThat(draft.node("offer")).isNull();
        assertThat(draft.node("ordered").has("onTimeout")).isFalse();
        draft.disconnect("ordered", "onEvent");
        assertThat(draft.node("ordered").has("onEvent")).isFalse();
        assertThat(draft.graph(TEXTS, null, Set.of()).path("edges").toString()).doesNotContain("\"source\":\"ordered\"");
    }

    @Test
    void stepsWithoutAPositionArePlacedByTheirDepthAndProblemsLandOnTheirStep() {
        JourneyDraft draft = new JourneyDraft(JourneyTemplates.all().get(1).draft());
        var at = draft.positions();
        assertThat(at.get("@entry")[1]).isLessThan(at.get("welcome")[1]);
        assertThat(at.get("welcome")[1]).isLessThan(at.get("ordered")[1]);
        assertThat(at.get("buyer")[1]).isEqualTo(at.get("offer")[1]);
        assertThat(at.get("buyer")[0]).isNotEqualTo(at.get("offer")[0]);

        var problems = JourneyDraft.problems(List.of(new FieldViolation("/nodes/offer/template", "required", "x"),
                new FieldViolation("/entry/event", "required", "y"), new FieldViolation("/nodes/ghost", "unreachable", "z")));
        assertThat(problems).containsOnlyKeys("offer", "@entry", "ghost");
        var graph = draft.graph(TEXTS, null, problems.keySet());
        assertThat(graph.path("nodes")).filteredOn(n -> n.path("problem").asBoolean())
                .extracting(n -> n.path("id").asString()).containsExactlyInAnyOrder("@entry", "offer");
    }

    @Test
    void anUnreadableDraftStartsEmpty() throws Exception {
        JourneyDraft draft = new JourneyDraft(JSON.readTree("[]"));
        assertThat(draft.ids()).containsExactly("@entry");
        String end = draft.add("end", 0, 0);
        assertThat(draft.json().path("start").asString()).as("the first step is the start").isEqualTo(end);
    }
}
