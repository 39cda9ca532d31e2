package io.quanyu.ui.records;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvFilesTest {

    @Test
    void aCellThatStartsLikeAFormulaGetsATextMark() {
        assertThat(CsvFiles.neutralised("=HYPERLINK(\"http://x\",\"点击\")")).isEqualTo("'=HYPERLINK(\"http://x\",\"点击\")");
        assertThat(CsvFiles.neutralised("+1")).isEqualTo("'+1");
        assertThat(CsvFiles.neutralised("-x")).isEqualTo("'-x");
        assertThat(CsvFiles.neutralised("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvFiles.neutralised("\tcmd")).isEqualTo("'\tcmd");
        assertThat(CsvFiles.neutralised("\rcmd")).isEqualTo("'\rcmd");
        assertThat(CsvFiles.neutralised("a=b")).isEqualTo("a=b");
        assertThat(CsvFiles.neutralised("'abc")).isEqualTo("'abc");
        assertThat(CsvFiles.neutralised("")).isEmpty();
    }

    @Test
    void restoringGivesBackExactlyWhatWasNeutralised() {
        for (String cell : List.of("=1+1", "+1", "-x", "@x", "\tx", "\rx", "'=x", "''-x", "'abc", "'", "''", "abc", "")) {
            assertThat(CsvFiles.restored(CsvFiles.neutralised(cell))).as(cell).isEqualTo(cell);
        }
        assertThat(CsvFiles.restored("'abc")).isEqualTo("'abc");
        assertThat(CsvFiles.restored("'=x")).isEqualTo("=x");
    }

    @Test
    void aMarkedCellIsAlwaysQuotedAndReadsBackAsWritten() throws Exception {
        var out = new ByteArrayOutputStream();
        try (var printer = CsvFiles.printer(out)) {
            CsvFiles.printRow(printer, List.of("'+1", "-5", "", "a,b"));
            CsvFiles.printRow(printer, List.of("", "'abc"));
        }
        byte[] file = out.toByteArray();
        assertThat(new String(file, StandardCharsets.UTF_8)).isEqualTo("\uFEFF\"'+1\",-5,,\"a,b\"\r\n\"\",\"'abc\"\r\n");
        try (var parser = CsvFiles.parser(file)) {
            assertThat(parser.getRecords()).extracting(r -> r.toList())
                    .containsExactly(List.of("'+1", "-5", "", "a,b"), List.of("", "'abc"));
        }
    }
}
