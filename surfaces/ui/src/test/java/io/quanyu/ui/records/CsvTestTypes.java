package io.quanyu.ui.records;

import io.quanyu.objects.model.ObjectType;
import tools.jackson.databind.json.JsonMapper;

/** An object with one field of each type the CSV conversion treats differently. */
final class CsvTestTypes {
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(tools.jackson.databind.DeserializationFeature.USE_LONG_FOR_INTS).build();

    private CsvTestTypes() {
    }

    static ObjectType event() {
        return io.quanyu.objects.schema.ObjectTypeParser.shape(JSON.readTree("""
                {"apiName": "event", "label": {"en": "Event", "zh-CN": "活动"},
                 "fields": [
                  {"apiName": "title", "type": "text", "label": {"en": "Title", "zh-CN": "标题"}, "required": true},
                  {"apiName": "seats", "type": "integer", "label": {"en": "Seats", "zh-CN": "座位"}},
                  {"apiName": "price", "type": "decimal", "label": {"en": "Price"}},
                  {"apiName": "vip", "type": "boolean", "label": {"en": "VIP"}},
                  {"apiName": "startsOn", "type": "date", "label": {"en": "Starts on"}},
                  {"apiName": "startsAt", "type": "datetime", "label": {"en": "Starts at"}},
                  {"apiName": "channel", "type": "singleSelect", "label": {"en": "Channel", "zh-CN": "渠道"},
                   "options": [{"value": "online", "label": {"en": "Online", "zh-CN": "线上"}},
                               {"value": "store", "label": {"en": "In store", "zh-CN": "门店"}}]},
                  {"apiName": "tags", "type": "multiSelect", "label": {"en": "Tags"},
                   "options": [{"value": "new", "label": {"en": "New", "zh-CN": "新"}},
                               {"value": "hot", "label": {"en": "Hot", "zh-CN": "热门"}}]},
                  {"apiName": "fee", "type": "currency", "label": {"en": "Fee"}},
                  {"apiName": "extra", "type": "json", "label": {"en": "Extra"}},
                  {"apiName": "serial", "type": "autoNumber", "label": {"en": "Serial"}}
                 ]}
                """));
    }
}
