package io.quanyu.journeys;

import io.quanyu.core.error.QuanyuException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading a definition as the canvas leaves it while it is edited: layouts, and steps whose paths are not drawn yet. */
class DefinitionTest {
    @Test
    void aLayoutIsKeptAndAMalformedOneIsRefusedAtItsPointer() throws Exception {
        var json = JourneyStore.JSON;
        var ok = json.readTree("""
                {"names": {"en": "x", "zh-CN": "x"}, "entry": {"event": "follow"}, "start": "done",
                 "nodes": {"done": {"type": "end"}}, "layout": {"@entry": {"x": 0, "y": 0}, "done": {"x": 10.5, "y": 130}}}""");
        assertThat(Definition.parse(ok).nodes()).containsKey("done");
        var bad = json.readTree("""
                {"names": {"en": "x", "zh-CN": "x"}, "entry": {"event": "follow"}, "start": "done",
                 "nodes": {"done": {"type": "end"}}, "layout": {"done": {"x": "left", "y": 1}, "far": {"x": 1e9, "y": 0}}}""");
        assertThatThrownBy(() -> Definition.parse(bad)).isInstanceOfSatisfying(QuanyuException.class, e ->
                assertThat(e.violations()).extracting(v -> v.pointer()).containsExactlyInAnyOrder("/layout/done", "/layout/far"));
        var notObject = json.readTree("""
                {"names": {"en": "x", "zh-CN": "x"}, "entry": {"event": "follow"}, "start": "done",
                 "nodes": {"done": {"type": "end"}}, "layout": [1]}""");
        assertThatThrownBy(() -> Definition.parse(notObject)).isInstanceOfSatisfying(QuanyuException.class, e ->
                assertThat(e.violations()).extracting(v -> v.pointer()).containsExactly("/layout"));
    }

    @Test
    void aStepWhosePathsAreNotDrawnYetIsReportedNotACrash() throws Exception {
        var draft = JourneyStore.JSON.readTree("""
                {"names": {"en": "x", "zh-CN": "x"}, "entry": {"event": "follow"}, "start": "hello",
                 "nodes": {"hello": {"type": "send", "template": "welcome", "channels": ["wechat-cs"]},
                           "late": {"type": "waitForEvent", "event": "order", "timeout": "P1D", "onEvent": "done"},
                           "pick": {"type": "condition", "rule": {"field": "tags", "op": "contains", "value": "vip"}, "no": "done"},
                           "done": {"type": "end"}}}""");
        assertThatThrownBy(() -> Definition.parse(draft)).isInstanceOfSatisfying(QuanyuException.class, e ->
                assertThat(e.violations()).extracting(v -> v.pointer() + " " + v.code()).contains(
                        "/nodes/hello/next required", "/nodes/late/onTimeout required", "/nodes/pick/yes required"));
    }
}
