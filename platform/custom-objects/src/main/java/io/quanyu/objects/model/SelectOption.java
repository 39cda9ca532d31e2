package io.quanyu.objects.model;

/** One choice of a single or multi select field: the stored value and its labels. */
public record SelectOption(String value, LocalizedText label) {
}
