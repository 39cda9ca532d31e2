package io.quanyu.messaging;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;

/** The tenant's messaging settings ({@code msg_settings}, one document). */
final class SettingsStore {
    static final String COLLECTION = "msg_settings";
    private static final String ID = "messaging";

    MessagingSettings get(TenantDatabase db) {
        return MessagingSettings.of(db.collection(COLLECTION).find(Filters.eq("_id", ID)).first());
    }

    void put(TenantDatabase db, MessagingSettings settings) {
        Document doc = settings.toDocument().append("_id", ID);
        db.collection(COLLECTION).replaceOne(Filters.eq("_id", ID), doc, new ReplaceOptions().upsert(true));
    }
}
