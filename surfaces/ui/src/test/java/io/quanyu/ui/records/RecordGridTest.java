package io.quanyu.ui.records;

import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.schema.ObjectTypeParser;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The records filter offers only scalar fields the user may read; the server would refuse a filter on another. */
class RecordGridTest {

    @Test
    void aFieldOnlyAdminsReadIsNotOfferedToAViewerAsAFilter() {
        var type = ObjectTypeParser.shape(CsvTestTypes.JSON.readTree("""
                {"apiName": "lead", "label": {"en": "Lead"}, "fields": [
                  {"apiName": "name", "type": "text", "label": {"en": "Name"}},
                  {"apiName": "tags", "type": "json", "label": {"en": "Tags"}},
                  {"apiName": "note", "type": "text", "label": {"en": "Note"}, "readRoles": ["tenant-admin"]}]}"""));

        assertThat(RecordGrid.filterable(type, Set.of("viewer")).stream().map(FieldDef::apiName)).containsExactly("name");
        assertThat(RecordGrid.filterable(type, Set.of("tenant-admin")).stream().map(FieldDef::apiName))
                .containsExactly("name", "note");
    }
}
