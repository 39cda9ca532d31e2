package io.quanyu.ui.records;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;

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

/**
 * The CSV dialect of the builder's files (Apache Commons CSV): RFC 4180, UTF-8, written with a byte order mark so
 * that Excel shows Chinese text correctly; a byte order mark on a file read is skipped.
 */
final class CsvFiles {
    static final char BOM = '\uFEFF';
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private CsvFiles() {
    }

    /** A printer over {@code out}; the byte order mark is already written. Flush or close it when done. */
    static CSVPrinter printer(OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write(BOM);
        return new CSVPrinter(writer, FORMAT);
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
