package io.quanyu.ui.segments;

import com.vaadin.flow.component.AbstractField;
import io.quanyu.segments.Segment;
import io.quanyu.ui.forms.FormSources;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The segments and the rule editor as a generated form's {@link FormSources}, read when the form needs them. */
public final class SegmentSources implements FormSources {
    private final Supplier<List<Segment>> segments;
    private final Supplier<FactChoices> facts;

    /**
     * @param segments the tenant's segments the user may read (an empty list: the key is typed)
     * @param facts    what the rule editor's conditions on facts offer
     */
    public SegmentSources(Supplier<List<Segment>> segments, Supplier<FactChoices> facts) {
        this.segments = segments;
        this.facts = facts;
    }

    @Override
    public Map<String, String> segments() {
        Map<String, String> out = new LinkedHashMap<>();
        segments.get().forEach(s -> out.put(s.key(), SegmentTexts.name(s)));
        return out;
    }

    @Override
    public AbstractField<?, JsonNode> newRuleField() {
        return new RuleField(facts.get());
    }
}
