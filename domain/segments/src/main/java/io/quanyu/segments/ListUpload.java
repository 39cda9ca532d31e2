package io.quanyu.segments;

import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.customer360.Identity;
import io.quanyu.customer360.IdentityTypes;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an uploaded list of identities (RFC 4180 CSV, UTF-8): either a header naming {@code type}, {@code value} and,
 * for scoped types, {@code scope} columns, or, when the upload names one identity type, one value per line (then an
 * optional {@code scope} column; a first line {@code value} is a header). Each identity is normalised as events'
 * identities are. Every bad line is reported with its line number ({@code /lines/<n>}, at most
 * {@value #MAX_PROBLEMS}) and nothing is kept; at most {@value #MAX_ROWS} lines.
 */
final class ListUpload {
    static final int MAX_ROWS = 200_000;
    static final int MAX_PROBLEMS = 100;
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(true).get();

    private ListUpload() {
    }

    /** The identity keys of the upload; {@code REQUEST_VALIDATION_FAILED} naming every bad line. */
    static Set<String> read(Reader csv, @Nullable String type, IdentityTypes types) {
        List<FieldViolation> problems = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        try (CSVParser parser = CSVParser.parse(csv, FORMAT)) {
            int[] columns = null;
            for (CSVRecord record : parser) {
                long line = record.getRecordNumber();
                if (line > MAX_ROWS + 1) {
                    problems.add(new FieldViolation("/lines", "size", "holds more than " + MAX_ROWS + " identities"));
                    break;
                }
                if (columns == null) {
                    columns = header(record, type, problems);
                    if (columns == null) {
                        break;
                    }
                    if (columns[3] == 1) {
                        continue;
                    }
                }
                identity(record, columns, type, types, problems).ifPresent(keys::add);
                if (problems.size() >= MAX_PROBLEMS) {
                    break;
                }
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            problems.add(new FieldViolation("/lines", "format", "is not CSV: " + e.getMessage()));
        }
        if (!problems.isEmpty()) {
            throw QuanyuException.invalid(problems);
        }
        return keys;
    }

    /**
     * The columns of type, value and scope (-1: none) and whether the first line is a header (1) or data (0); null
     * (with a problem) when the columns cannot be told.
     */
    private static int @Nullable [] header(CSVRecord first, @Nullable String type, List<FieldViolation> problems) {
        List<String> cells = first.stream().map(c -> c.toLowerCase(java.util.Locale.ROOT)).toList();
        if (type != null) {
            boolean header = !cells.isEmpty() && cells.getFirst().equals("value");
            return new int[]{-1, 0, header ? cells.indexOf("scope") : cells.size() > 1 ? 1 : -1, header ? 1 : 0};
        }
        int typeColumn = cells.indexOf("type");
        int valueColumn = cells.indexOf("value");
        if (typeColumn < 0 || valueColumn < 0) {
            problems.add(new FieldViolation("/lines/1", "header",
                    "needs the columns type and value (and scope for scoped types), or name the identity type of the upload"));
            return null;
        }
        return new int[]{typeColumn, valueColumn, cells.indexOf("scope"), 1};
    }

    private static java.util.Optional<String> identity(CSVRecord record, int[] columns, @Nullable String type,
                                                       IdentityTypes types, List<FieldViolation> problems) {
        String at = "/lines/" + record.getRecordNumber();
        ObjectNode item = JsonNodeFactory.instance.objectNode()
                .put("type", type != null ? type : cell(record, columns[0]))
                .put("value", cell(record, columns[1]));
        String scope = cell(record, columns[2]);
        if (scope != null && !scope.isEmpty()) {
            item.put("scope", scope);
        }
        if (item.path("value").asString("").isEmpty()) {
            problems.add(new FieldViolation(at, "required", "has no value"));
            return java.util.Optional.empty();
        }
        ArrayNode one = JsonNodeFactory.instance.arrayNode().add(item);
        List<FieldViolation> found = new ArrayList<>();
        List<Identity> read = types.read(one, at, found);
        found.forEach(v -> problems.add(new FieldViolation(at, v.code(), v.message())));
        return found.isEmpty() && !read.isEmpty() ? java.util.Optional.of(read.getFirst().key()) : java.util.Optional.empty();
    }

    private static @Nullable String cell(CSVRecord record, int column) {
        return column < 0 || column >= record.size() ? null : record.get(column);
    }
}
