package io.quanyu.core.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one unchecked root of every failure the platform reports to a caller. */
public class QuanyuException extends RuntimeException {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    private final ErrorCode code;
    private final Map<String, Object> details;
    private final List<FieldViolation> violations;

    public QuanyuException(ErrorCode code, Map<String, ?> details) {
        this(code, details, List.of(), null);
    }

    public QuanyuException(ErrorCode code, Map<String, ?> details, Throwable cause) {
        this(code, details, List.of(), cause);
    }

    public QuanyuException(ErrorCode code, Map<String, ?> details, List<FieldViolation> violations, Throwable cause) {
        super(render(code, details), cause);
        this.code = code;
        this.details = Map.copyOf(new LinkedHashMap<>(details));
        this.violations = List.copyOf(violations);
    }

    /** A validation failure listing every failing field. */
    public static QuanyuException invalid(List<FieldViolation> violations) {
        return new QuanyuException(ErrorCode.REQUEST_VALIDATION_FAILED, Map.of(), violations, null);
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    static String render(ErrorCode code, Map<String, ?> details) {
        Matcher m = PLACEHOLDER.matcher(code.template());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = details.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "?" : String.valueOf(value)));
        }
        return m.appendTail(out).toString();
    }
}
