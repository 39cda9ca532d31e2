package io.quanyu.objects.model;

import java.util.List;

/** A database index an object type asks for (fields in order, ascending). */
public record IndexDef(List<String> fields, boolean unique) {
}
