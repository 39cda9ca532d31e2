package io.quanyu.ui.records;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvMappingTest {

    @Test
    void mapsApiNamesAndLabelsInEitherLanguageAndSaysWhatIsNotImported() {
        var mapping = CsvMapping.of(CsvTestTypes.event(), List.of("SEATS", "渠道", " Title ", "serial", "color", "seats"));
        assertThat(mapping.columns()).extracting(c -> c.field() == null ? null : c.field().apiName())
                .containsExactly("seats", "channel", "title", "serial", null, "seats");
        assertThat(mapping.columns()).extracting(CsvMapping.Column::status).containsExactly(
                CsvMapping.Status.IMPORTED, CsvMapping.Status.IMPORTED, CsvMapping.Status.IMPORTED,
                CsvMapping.Status.COMPUTED, CsvMapping.Status.UNKNOWN, CsvMapping.Status.DUPLICATE);
        assertThat(mapping.missingRequired()).isEmpty();
        assertThat(mapping.anyImported()).isTrue();
    }

    @Test
    void listsRequiredFieldsNoColumnFills() {
        var mapping = CsvMapping.of(CsvTestTypes.event(), List.of("标题x", "座位"));
        assertThat(mapping.missingRequired()).extracting(f -> f.apiName()).containsExactly("title");
    }
}
