package io.quanyu.core.identity;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Role;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The input rules of users and API clients, shared so every caller reports the same violations. */
final class Inputs {
    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    /** Letters of any script, marks, spaces, '.', '\'' and '-': what the identity provider accepts in a name. */
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M} .'-]{0,100}");
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 128;

    private Inputs() {
    }

    static void check(List<FieldViolation> out, String pointer, boolean ok, String rule, String message) {
        if (!ok) {
            out.add(new FieldViolation(pointer, rule, message));
        }
    }

    static void checkName(List<FieldViolation> out, String pointer, String name) {
        check(out, pointer, name == null || NAME.matcher(name).matches(), "pattern",
                "at most 100 letters, spaces, '.', ''' or '-'");
    }

    static void checkPassword(List<FieldViolation> out, String pointer, String password) {
        check(out, pointer, password != null && password.length() >= MIN_PASSWORD
                && password.length() <= MAX_PASSWORD && password.strip().equals(password), "length",
                "8 to 128 characters, no leading or trailing spaces");
    }

    static void checkRoles(List<FieldViolation> out, String pointer, Set<Role> roles, Set<Role> assignable) {
        check(out, pointer, !roles.isEmpty() && assignable.containsAll(roles), "enum",
                "one or more of " + assignable.stream().map(Role::claimValue).sorted()
                        .collect(Collectors.joining(", ")));
    }

    static void throwIfAny(List<FieldViolation> violations) {
        if (!violations.isEmpty()) {
            throw QuanyuException.invalid(violations);
        }
    }
}
