package io.quanyu.core.error;

/**
 * One invalid field of a request.
 *
 * @param pointer JSON pointer to the field ({@code /admin/email}), {@code ""} for the whole document
 * @param code    stable key of the rule that failed ({@code required}, {@code pattern}, ...)
 * @param message human-readable explanation
 */
public record FieldViolation(String pointer, String code, String message) {
}
