package io.quanyu.ui.records;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The CSV dialect of the builder's files (Apache Commons CSV): RFC 4180, UTF-8, written with a byte order mark so
 * that Excel shows Chinese text correctly; a byte order mark on a file read is skipped. Text that a spreadsheet
 * would run as a formula (OWASP "CSV injection") is {@link #neutralised} on the way out and {@link #restored} on
 * the way in, so a file round-trips exactly.
 */
final class CsvFiles {
    static final char BOM = '\uFEFF';
    /** What makes Excel or WPS read a cell as a formula: the first character is one of these. */
    private static final String FORMULA_STARTS = "=+-@\t\r";
    private static final char TEXT_MARK = '\'';
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
    private static final CSVFormat QUOTED = FORMAT.builder().setQuoteMode(QuoteMode.ALL).get();

    private CsvFiles() {
    }

    /** A printer over {@code out}; the byte order mark is already written. Flush or close it when done. */
    static CSVPrinter printer(OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write(BOM);
        return new CSVPrinter(writer, FORMAT);
    }

    /**
     * The cell as a spreadsheet shows it as text: one that starts with {@code = + - @}, a tab or a carriage return
     * gets a leading {@code '}. So does one where such a character follows leading {@code '}s, so that
     * {@link #restored} gives back exactly what was written.
     */
    static String neutralised(String cell) {
        return formulaAfterMarks(cell) ? TEXT_MARK + cell : cell;
    }

    /** A cell as it was before {@link #neutralised}: one {@code '} before a formula start is dropped, nothing else. */
    static String restored(String cell) {
        return cell != null && !cell.isEmpty() && cell.charAt(0) == TEXT_MARK && formulaAfterMarks(cell)
                ? cell.substring(1) : cell;
    }

    private static boolean formulaAfterMarks(String cell) {
        int at = 0;
        while (at < cell.length() && cell.charAt(at) == TEXT_MARK) {
            at++;
        }
        return at < cell.length() && FORMULA_STARTS.indexOf(cell.charAt(at)) >= 0;
    }

    /**
     * Writes one row; a cell that starts with {@code '} (a {@link #neutralised} one) is always quoted, as OWASP
     * advises, where the printer's minimal quoting would leave it bare. Write every row of a file through here.
     */
    static void printRow(CSVPrinter out, List<String> cells) throws IOException {
        Appendable to = out.getOut();
        for (int i = 0; i < cells.size(); i++) {
            String cell = Objects.requireNonNullElse(cells.get(i), "");
            (!cell.isEmpty() && cell.charAt(0) == TEXT_MARK ? QUOTED : FORMAT).print(cell, to, i == 0);
        }
        FORMAT.println(to);
    }

    /** The header row (empty for an empty file). */
    static List<String> header(byte[] file) {
        try (CSVParser parser = parser(file)) {
            var it = parser.iterator();
            return it.hasNext() ? it.next().toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many rows follow the header. */
    static int dataRows(byte[] file) {
        try (CSVParser parser = parser(file)) {
            return (int) Math.max(0, parser.stream().count() - 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A parser over the whole file, header row included; a record's number is its row as a spreadsheet shows it
     * (the header is row 1).
     */
    static CSVParser parser(byte[] file) throws IOException {
        Reader reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(file), StandardCharsets.UTF_8));
        reader.mark(1);
        if (reader.read() != BOM) {
            reader.reset();
        }
        return FORMAT.parse(reader);
    }
}
