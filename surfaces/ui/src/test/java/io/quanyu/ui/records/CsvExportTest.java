package io.quanyu.ui.records;

import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.records.Page;
import io.quanyu.records.RecordQuery;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvExportTest {
    private final ObjectType type = CsvTestTypes.event();

    @Test
    void writesABomTheHeaderAndEveryPageWithTheGridsFilterAndSort() throws Exception {
        List<RecordQuery> asked = new ArrayList<>();
        ObjectNode first = (ObjectNode) CsvTestTypes.JSON.readTree("{\"title\": \"上海, 春季\", \"tags\": [\"new\", \"hot\"]}");
        ObjectNode second = (ObjectNode) CsvTestTypes.JSON.readTree("{\"title\": \"北京\", \"seats\": 30}");
        var filter = CsvTestTypes.JSON.readTree("{\"field\": \"seats\", \"op\": \"gte\", \"value\": 1}");
        var view = new RecordQuery(filter, List.of(new RecordQuery.Sort("title", true)), 50, null, false);
        List<FieldDef> columns = List.of(type.field("title").orElseThrow(), type.field("seats").orElseThrow(),
                type.field("tags").orElseThrow());
        var out = new ByteArrayOutputStream();
        long written;
        try (var printer = CsvFiles.printer(out)) {
            written = CsvExport.write(printer, columns, view, q -> {
                asked.add(q);
                return q.after() == null ? new Page(List.of(first), List.of("c1"), 2, "c1", true)
                        : new Page(List.of(second), List.of("c2"), 2, "c2", false);
            });
        }
        assertThat(written).isEqualTo(2);
        assertThat(asked).extracting(RecordQuery::after).containsExactly(null, "c1");
        assertThat(asked).allSatisfy(q -> {
            assertThat(q.filter()).isEqualTo(filter);
            assertThat(q.sort()).containsExactly(new RecordQuery.Sort("title", true));
            assertThat(q.first()).isEqualTo(RecordQuery.MAX_PAGE);
        });
        byte[] bytes = out.toByteArray();
        assertThat(new byte[]{bytes[0], bytes[1], bytes[2]}).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(
                "\uFEFFtitle,seats,tags\r\n\"上海, 春季\",,new;hot\r\n北京,30,\r\n");
    }

    @Test
    void anExportedFileImportsWithTheSameHeaderMapping() throws Exception {
        var out = new ByteArrayOutputStream();
        try (var printer = CsvFiles.printer(out)) {
            CsvExport.write(printer, type.fields(), new RecordQuery(null, List.of(), 50, null, false),
                    q -> new Page(List.of(), List.of(), 0, null, false));
        }
        var header = CsvFiles.header(out.toByteArray());
        assertThat(header).first().isEqualTo("title");
        assertThat(CsvMapping.of(type, header).columns()).allSatisfy(c -> assertThat(c.field()).isNotNull());
        assertThat(CsvFiles.dataRows(out.toByteArray())).isZero();
    }

    private String export(List<ObjectNode> records, List<FieldDef> columns) throws Exception {
        var out = new ByteArrayOutputStream();
        try (var printer = CsvFiles.printer(out)) {
            CsvExport.write(printer, columns, new RecordQuery(null, List.of(), 50, null, false),
                    q -> new Page(records, List.of(), records.size(), null, false));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<ObjectNode> customerText() {
        return List.of(
                (ObjectNode) CsvTestTypes.JSON.readTree("{\"title\": \"=HYPERLINK(\\\"http://x\\\",\\\"点击\\\")\", \"seats\": -5}"),
                (ObjectNode) CsvTestTypes.JSON.readTree("{\"title\": \"+1\", \"price\": -1.5}"),
                (ObjectNode) CsvTestTypes.JSON.readTree("{\"title\": \"-x\", \"fee\": {\"amount\": -5, \"currency\": \"CNY\"}}"),
                (ObjectNode) CsvTestTypes.JSON.readTree("{\"title\": \"@SUM(A1)\"}"),
                (ObjectNode) CsvTestTypes.JSON.readTree("{\"title\": \"\\tcmd\"}"),
                (ObjectNode) CsvTestTypes.JSON.readTree("{\"title\": \"\\rcmd\"}"),
                (ObjectNode) CsvTestTypes.JSON.readTree("{\"title\": \"'=x\"}"),
                (ObjectNode) CsvTestTypes.JSON.readTree("{\"title\": \"'abc\"}"));
    }

    private List<FieldDef> textAndNumbers() {
        return List.of(type.field("title").orElseThrow(), type.field("seats").orElseThrow(),
                type.field("price").orElseThrow(), type.field("fee").orElseThrow());
    }

    @Test
    void textThatASpreadsheetWouldRunAsAFormulaIsExportedAsQuotedTextButNumbersStayNumbers() throws Exception {
        assertThat(export(customerText(), textAndNumbers())).isEqualTo("""
                \uFEFFtitle,seats,price,fee\r
                "'=HYPERLINK(""http://x"",""点击"")",-5,,\r
                "'+1",,-1.5,\r
                "'-x",,,"'-5 CNY"\r
                "'@SUM(A1)",,,\r
                "'\tcmd",,,\r
                "'\rcmd",,,\r
                "''=x",,,\r
                "'abc",,,\r
                """);
    }

    @Test
    void neutralisedTextImportsAsTheOriginalText() throws Exception {
        byte[] file = export(customerText(), textAndNumbers()).getBytes(StandardCharsets.UTF_8);
        List<ObjectNode> imported = new ArrayList<>();
        var job = new RecordImport(file, CsvMapping.of(type, CsvFiles.header(file)), "event", imported::add,
                new RecordImport.Listener() {
                    @Override
                    public void progress(int done, int total) {
                    }

                    @Override
                    public void finished(RecordImport.Result result) {
                        assertThat(result.errors()).isEmpty();
                    }
                });
        job.run();
        assertThat(imported).map(ObjectNode::toString)
                .containsExactlyElementsOf(customerText().stream().map(ObjectNode::toString).toList());
    }
}
