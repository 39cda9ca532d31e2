package io.quanyu.customer360;

import io.quanyu.conditions.Conditions;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.identities.IdentityType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks a tenant's customer 360 settings before they are stored, listing every problem at its JSON pointer. */
final class SettingsCheck {
    private SettingsCheck() {
    }

    static void check(Customer360Settings s) {
        List<FieldViolation> out = new ArrayList<>();
        if (s.identityTypes() == null || s.conflictRule() == null || s.influence() == null || s.stages() == null
                || s.tagRules() == null || s.eventTags() == null || s.recencyDays() == null
                || s.frequencyOrders() == null || s.monetaryAmounts() == null || s.sourcePriority() == null) {
            throw QuanyuException.invalid(List.of(new FieldViolation("", "required", "every settings field is required")));
        }
        types(s, out);
        bands(s, out);
        rules("/stages", s.stages(), out);
        rules("/tagRules", s.tagRules(), out);
        if (!out.isEmpty()) {
            throw QuanyuException.invalid(out);
        }
    }

    private static void types(Customer360Settings s, List<FieldViolation> out) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < s.identityTypes().size(); i++) {
            IdentityType t = s.identityTypes().get(i);
            String at = "/identityTypes/" + i;
            if (t.type() == null || !t.type().matches("[a-z][a-z0-9_]{1,31}")) {
                out.add(new FieldViolation(at + "/type", "pattern", "must be 2 to 32 lower-case letters, digits or '_'"));
            } else if (!seen.add(t.type())) {
                out.add(new FieldViolation(at + "/type", "duplicate", "another identity type has this name"));
            }
            if (t.normalisation() == null) {
                out.add(new FieldViolation(at + "/normalisation", "required", "TRIM, LOWER_CASE or E164"));
            }
        }
        for (IdentityType standard : IdentityType.STANDARD) {
            if (!seen.contains(standard.type())) {
                out.add(new FieldViolation("/identityTypes", "required", "the standard type " + standard.type() + " cannot be removed"));
            }
        }
    }

    private static void bands(Customer360Settings s, List<FieldViolation> out) {
        if (s.recencyDays().size() != 4 || !ascending(s.recencyDays().stream().map(BigDecimal::valueOf).toList())) {
            out.add(new FieldViolation("/recencyDays", "bands", "must be 4 ascending day counts"));
        }
        if (s.frequencyOrders().size() != 4 || !ascending(s.frequencyOrders().stream().map(BigDecimal::valueOf).toList())) {
            out.add(new FieldViolation("/frequencyOrders", "bands", "must be 4 ascending order counts"));
        }
        if (s.monetaryAmounts().size() != 4 || !ascending(s.monetaryAmounts())) {
            out.add(new FieldViolation("/monetaryAmounts", "bands", "must be 4 ascending amounts"));
        }
    }

    private static boolean ascending(List<BigDecimal> values) {
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i) == null || values.get(i - 1) == null || values.get(i).compareTo(values.get(i - 1)) <= 0) {
                return false;
            }
        }
        return true;
    }

    private static void rules(String base, List<Customer360Settings.Rule> rules, List<FieldViolation> out) {
        for (int i = 0; i < rules.size(); i++) {
            var rule = rules.get(i);
            if (rule.name() == null || rule.name().isBlank()) {
                out.add(new FieldViolation(base + "/" + i + "/name", "required", "is required"));
            }
            try {
                Conditions.parseWithoutBehavior(rule.condition());
            } catch (QuanyuException e) {
                String at = base + "/" + i + "/condition";
                e.violations().forEach(v -> out.add(new FieldViolation(at + v.pointer(), v.code(), v.message())));
            }
        }
    }
}
