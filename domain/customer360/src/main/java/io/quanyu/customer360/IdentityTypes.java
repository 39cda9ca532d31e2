package io.quanyu.customer360;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.identities.IdentityType;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tenant's identity types (the standard ones with its overrides, plus its own) and how events name identities. */
public final class IdentityTypes {
    private final Map<String, IdentityType> byName;

    public IdentityTypes(List<IdentityType> types) {
        Map<String, IdentityType> map = new LinkedHashMap<>();
        types.forEach(t -> map.put(t.type(), t));
        this.byName = Map.copyOf(map);
    }

    public static IdentityTypes standard() {
        return new IdentityTypes(IdentityType.STANDARD);
    }

    public IdentityType get(String type) {
        IdentityType found = byName.get(type);
        if (found == null) {
            throw new QuanyuException(ErrorCode.IDENTITY_TYPE_UNKNOWN, Map.of("type", String.valueOf(type)));
        }
        return found;
    }

    public List<IdentityType> all() {
        return List.copyOf(byName.values());
    }

    /**
     * Reads an event's identities, either {@code {"phone": "138...", "wechat_openid": {"scope": "wx1", "value": "o..."}}}
     * or {@code [{"type": "phone", "value": "138..."}, ...]}; violations are reported under {@code base}.
     */
    public List<Identity> read(JsonNode node, String base, List<FieldViolation> violations) {
        List<Identity> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isObject()) {
            for (var e : node.properties()) {
                JsonNode v = e.getValue();
                add(out, e.getKey(), v.isObject() ? v.path("scope") : null, v.isObject() ? v.path("value") : v,
                        base + "/" + e.getKey(), violations);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                add(out, item.path("type").asString(""), item.path("scope"), item.path("value"), base + "/" + i, violations);
            }
        } else {
            violations.add(new FieldViolation(base, "type", "must be an object or an array"));
        }
        return out;
    }

    private void add(List<Identity> out, String type, JsonNode scope, JsonNode value, String at,
                     List<FieldViolation> violations) {
        try {
            IdentityType t = get(type);
            String scopeText = scope == null || scope.isMissingNode() || scope.isNull() ? null : scope.asString();
            if (t.scoped() && (scopeText == null || scopeText.isBlank())) {
                violations.add(new FieldViolation(at + "/scope", "required", type + " identities need a scope"));
                return;
            }
            String raw = value == null || !value.isValueNode() ? null : value.asString();
            out.add(new Identity(type, t.scoped() ? scopeText.strip() : null, t.normalise(raw)));
        } catch (QuanyuException e) {
            violations.add(new FieldViolation(at, e.code() == ErrorCode.IDENTITY_TYPE_UNKNOWN ? "unknown" : "invalid",
                    e.getMessage()));
        }
    }

    /** The identity of {@code identities} with the best (lowest) priority. */
    public Identity strongest(List<Identity> identities) {
        return identities.stream().min(java.util.Comparator.comparingInt(i -> get(i.type()).priority())).orElseThrow();
    }
}
