package io.quanyu.records;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.LocalizedText;
import io.quanyu.objects.model.ObjectType;
import org.bson.Document;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Each object's {@link RecordLayout}, one document per object in the tenant's {@code recordLayouts} collection. A
 * layout is checked against the object's fields when saved and fitted to them when read, so a field deleted later
 * simply drops out. Without a stored layout, the first layout of the object's definition (the sections a standard or
 * plugin-contributed object ships with) is the default, with every field as a column; without either, all fields in
 * metadata order.
 */
public final class RecordLayouts {
    static final String COLLECTION = "recordLayouts";
    private final MetadataService metadata;
    private final Clock clock;

    public RecordLayouts(MetadataService metadata, Clock clock) {
        this.metadata = metadata;
        this.clock = clock;
    }

    /** The object's layout fitted to its current fields, or empty when the object uses the plain default. */
    public Optional<RecordLayout> find(TenantDatabase db, String object) {
        ObjectType type = metadata.get(db, object).type();
        Document doc = db.collection(COLLECTION).find(Filters.eq("_id", object)).first();
        Optional<RecordLayout> stored = Optional.ofNullable(doc).map(RecordLayouts::layout);
        return stored.or(() -> fromDefinition(type)).map(l -> l.fitTo(type));
    }

    /** The definition's first layout as sections, with every field as a column. */
    static Optional<RecordLayout> fromDefinition(ObjectType type) {
        return type.layouts().stream().findFirst().map(l -> new RecordLayout(
                l.sections().stream().map(s -> new RecordLayout.Section(s.label(), s.fields())).toList(),
                type.fields().stream().map(FieldDef::apiName).toList()));
    }

    /** Stores the layout; {@code REQUEST_VALIDATION_FAILED} lists every problem (unknown fields, hidden required ones). */
    public RecordLayout save(TenantDatabase db, String object, RecordLayout layout, String actor) {
        ObjectType type = metadata.get(db, object).type();
        var violations = layout.violations(type);
        if (!violations.isEmpty()) {
            throw QuanyuException.invalid(violations);
        }
        Document doc = document(layout).append("_id", object).append("_updatedAt", new Date(clock.millis()))
                .append("_updatedBy", actor);
        db.collection(COLLECTION).replaceOne(Filters.eq("_id", object), doc, new ReplaceOptions().upsert(true));
        return layout;
    }

    /** Back to the default layout. */
    public void reset(TenantDatabase db, String object) {
        metadata.get(db, object);
        db.collection(COLLECTION).deleteOne(Filters.eq("_id", object));
    }

    static Document document(RecordLayout layout) {
        List<Document> sections = layout.sections().stream().map(s -> new Document("label", label(s.label()))
                .append("fields", s.fields())).toList();
        return new Document("sections", sections).append("columns", layout.columns());
    }

    private static Document label(LocalizedText text) {
        Document label = new Document("en", text.en());
        if (text.zhCN() != null && !text.zhCN().isBlank()) {
            label.append("zh-CN", text.zhCN());
        }
        return label;
    }

    static RecordLayout layout(Document doc) {
        List<RecordLayout.Section> sections = doc.getList("sections", Document.class, List.of()).stream()
                .map(s -> {
                    Document label = s.get("label", new Document());
                    return new RecordLayout.Section(LocalizedText.of(label.getString("en"), label.getString("zh-CN")),
                            s.getList("fields", String.class, List.of()));
                }).toList();
        return new RecordLayout(sections, doc.getList("columns", String.class, List.of()));
    }
}
