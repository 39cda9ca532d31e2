package io.quanyu.customer360;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** A tenant's {@link Customer360Settings} in its {@code c360_settings}; the defaults until it changes them. */
final class SettingsStore {
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    Customer360Settings get(TenantDatabase db) {
        Document d = db.collection("c360_settings").find(Filters.eq("_id", "settings")).first();
        if (d == null) {
            return Customer360Settings.defaults();
        }
        d.remove("_id");
        return JSON.readValue(d.toJson(), Customer360Settings.class);
    }

    void put(TenantDatabase db, Customer360Settings settings) {
        Document d = Document.parse(JSON.writeValueAsString(settings)).append("_id", "settings");
        db.collection("c360_settings").replaceOne(Filters.eq("_id", "settings"), d, new ReplaceOptions().upsert(true));
    }
}
