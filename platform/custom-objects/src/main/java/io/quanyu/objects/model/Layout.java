package io.quanyu.objects.model;

import java.util.List;

/** How the builder arranges a record's fields: named layouts made of labelled sections. */
public record Layout(String name, List<Section> sections) {

    public record Section(LocalizedText label, List<String> fields) {
    }
}
