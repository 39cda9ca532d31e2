package io.quanyu.records;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.LocalizedText;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordLayoutsTest extends RecordsTestSupport {
    private final RecordLayouts layouts = new RecordLayouts(metadata, Clock.systemUTC());

    @BeforeEach
    void object() {
        define("""
                {'apiName': 'visit', 'label': {'en': 'Visit'},
                 'fields': [
                  {'apiName': 'title', 'type': 'text', 'label': {'en': 'Title'}, 'required': true},
                  {'apiName': 'city', 'type': 'text', 'label': {'en': 'City'}},
                  {'apiName': 'seats', 'type': 'integer', 'label': {'en': 'Seats'}},
                  {'apiName': 'serial', 'type': 'autoNumber', 'label': {'en': 'Serial'}}
                 ]}
                """);
    }

    private static RecordLayout.Section section(String en, String zh, String... fields) {
        return new RecordLayout.Section(LocalizedText.of(en, zh), List.of(fields));
    }

    @Test
    void savesAndReadsSectionsAndColumnsInOrder() {
        assertThat(layouts.find(db, "visit")).isEmpty();
        var layout = new RecordLayout(List.of(section("Main", "主要", "seats", "title"), section("Where", null, "city")),
                List.of("serial", "city", "title"));
        layouts.save(db, "visit", layout, "tester");
        assertThat(layouts.find(db, "visit")).contains(layout);
        layouts.reset(db, "visit");
        assertThat(layouts.find(db, "visit")).isEmpty();
    }

    @Test
    void theDefinitionsOwnLayoutIsTheDefaultUntilTheTenantSavesOne() {
        define("""
                {'apiName': 'shop', 'label': {'en': 'Shop'},
                 'fields': [
                  {'apiName': 'name', 'type': 'text', 'label': {'en': 'Name'}, 'required': true},
                  {'apiName': 'city', 'type': 'text', 'label': {'en': 'City'}}
                 ],
                 'layouts': [{'name': 'main', 'sections': [{'label': {'en': 'Where', 'zh-CN': '位置'}, 'fields': ['city']}]}]}
                """);
        RecordLayout shipped = layouts.find(db, "shop").orElseThrow();
        assertThat(shipped.sections().getFirst().label().zhCN()).isEqualTo("位置");
        assertThat(shipped.sections()).flatExtracting(RecordLayout.Section::fields).containsExactlyInAnyOrder("city", "name");
        assertThat(shipped.columns()).containsExactly("name", "city");
        var own = new RecordLayout(List.of(section("All", null, "name", "city")), List.of("city"));
        layouts.save(db, "shop", own, "tester");
        assertThat(layouts.find(db, "shop")).contains(own);
    }

    @Test
    void deletingTheObjectForgetsItsLayout() {
        layouts.save(db, "visit", new RecordLayout(List.of(section("Main", null, "title")), List.of("title")), "tester");
        metadata.delete(db, "visit", "tester");
        define("""
                {'apiName': 'visit', 'label': {'en': 'Visit'},
                 'fields': [{'apiName': 'title', 'type': 'text', 'label': {'en': 'Title'}, 'required': true}]}
                """);
        assertThat(layouts.find(db, "visit")).isEmpty();
    }

    @Test
    void refusesALayoutThatHidesARequiredFieldOrNamesUnknownOnes() {
        var layout = new RecordLayout(List.of(section("Main", null, "city", "city", "serial", "nope")),
                List.of("ghost"));
        assertThatThrownBy(() -> layouts.save(db, "visit", layout, "tester"))
                .isInstanceOfSatisfying(QuanyuException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_VALIDATION_FAILED);
                    assertThat(e.violations()).extracting(FieldViolation::pointer, FieldViolation::code)
                            .containsExactlyInAnyOrder(
                                    org.assertj.core.groups.Tuple.tuple("/sections/0/fields/1", "duplicate"),
                                    org.assertj.core.groups.Tuple.tuple("/sections/0/fields/2", "field"),
                                    org.assertj.core.groups.Tuple.tuple("/sections/0/fields/3", "field"),
                                    org.assertj.core.groups.Tuple.tuple("/sections", "requiredPlaced"),
                                    org.assertj.core.groups.Tuple.tuple("/columns/0", "field"));
                });
        assertThat(layouts.find(db, "visit")).isEmpty();
    }

    @Test
    void refusesUnnamedSectionsAndNoColumns() {
        var layout = new RecordLayout(List.of(section(" ", null, "title")), List.of());
        assertThat(layout.violations(metadata.get(db, "visit").type()))
                .extracting(FieldViolation::pointer).containsExactlyInAnyOrder("/sections/0/label/en", "/columns");
    }

    @Test
    void aFieldDeletedLaterDropsOutAndARequiredOneAddedLaterIsPlacedLast() {
        var saved = layouts.save(db, "visit", new RecordLayout(List.of(section("Main", null, "title", "city"),
                section("More", null, "seats")), List.of("city", "seats")), "tester");
        var type = metadata.get(db, "visit").type();
        var host = new io.quanyu.objects.model.FieldDef("host", io.quanyu.objects.model.FieldType.TEXT,
                LocalizedText.of("Host", null), null, true, false, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, false, false, null);
        var changed = type.withFields(List.of(type.fields().get(0), type.fields().get(2), type.fields().get(3), host));
        RecordLayout fitted = saved.fitTo(changed);
        assertThat(fitted.sections()).extracting(RecordLayout.Section::fields)
                .containsExactly(List.of("title"), List.of("seats", "host"));
        assertThat(fitted.columns()).containsExactly("seats");
        assertThat(fitted.violations(changed)).isEmpty();
    }
}
