package io.quanyu.ui.segments;

import io.quanyu.objects.StandardObjects;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.objects.schema.ObjectTypeParser;
import tools.jackson.databind.json.JsonMapper;

import java.util.Set;
import java.util.stream.Stream;

/**
 * The customer object of the rule editor's tests: the standard fields, a tenant's custom fields of the other types,
 * and a custom field only tenant admins read.
 */
final class TestCustomer {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TestCustomer() {
    }

    static ObjectType type() {
        ObjectType standard = StandardObjects.find("customer").orElseThrow();
        ObjectType custom = ObjectTypeParser.shape(JSON.readTree("""
                {"apiName": "customer", "label": {"en": "Customer"}, "fields": [
                  {"apiName": "vip", "type": "boolean", "label": {"en": "VIP", "zh-CN": "贵宾"}},
                  {"apiName": "lastVisit", "type": "datetime", "label": {"en": "Last visit"}},
                  {"apiName": "visits", "type": "integer", "label": {"en": "Visits", "zh-CN": "到店次数"}},
                  {"apiName": "level", "type": "formula", "label": {"en": "Level"}, "expression": "visits / 10",
                   "resultType": "integer"},
                  {"apiName": "note", "type": "longText", "label": {"en": "Note"}},
                  {"apiName": "referrer", "type": "reference", "target": "customer", "label": {"en": "Referred by"}},
                  {"apiName": "extra", "type": "json", "label": {"en": "Extra"}},
                  {"apiName": "income", "type": "decimal", "label": {"en": "Income", "zh-CN": "收入"},
                   "readRoles": ["tenant-admin"]}]}"""));
        return standard.withFields(Stream.concat(standard.fields().stream(), custom.fields().stream()).toList());
    }

    /** What the field picker offers a viewer. */
    static FactChoices viewer() {
        return FactChoices.of(type(), Set.of("viewer"));
    }
}
