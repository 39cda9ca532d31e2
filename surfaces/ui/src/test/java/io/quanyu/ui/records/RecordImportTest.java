package io.quanyu.ui.records;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RecordImportTest {
    private final List<ObjectNode> created = new ArrayList<>();
    private final List<Integer> progress = new ArrayList<>();
    private RecordImport.Result result;

    private RecordImport job(String csv, RecordImport.Creator creator) {
        byte[] file = ("\uFEFF" + csv).getBytes(StandardCharsets.UTF_8);
        var mapping = CsvMapping.of(CsvTestTypes.event(), CsvFiles.header(file));
        return new RecordImport(file, mapping, "event", creator, new RecordImport.Listener() {
            @Override
            public void progress(int done, int total) {
                progress.add(done);
            }

            @Override
            public void finished(RecordImport.Result r) {
                result = r;
            }
        });
    }

    /** Refuses seats below zero as the records layer would, with a violation at the field. */
    private void create(ObjectNode record) {
        if (!record.path("seats").isNumber() || record.path("seats").asLong() < 0) {
            throw new QuanyuException(ErrorCode.RECORD_VALIDATION_FAILED, Map.of("object", "event"),
                    List.of(new FieldViolation("/seats", "minimum", "must be at least 0")), null);
        }
        created.add(record);
    }

    @Test
    void createsValidRowsAndReportsEachRefusedRowWithItsSpreadsheetRowNumber() {
        StringBuilder csv = new StringBuilder("标题,Seats,Channel\n");
        for (int i = 1; i <= 25; i++) {
            csv.append("活动 ").append(i).append(',').append(i == 7 ? "-1" : i == 20 ? "lots" : String.valueOf(i))
                    .append(",门店\n");
        }
        RecordImport job = job(csv.toString(), this::create);
        assertThat(job.total()).isEqualTo(25);
        job.run();
        assertThat(result.created()).isEqualTo(23);
        assertThat(result.errors()).containsExactly(
                new RecordImport.RowError(8, "seats", "must be at least 0"),
                new RecordImport.RowError(21, "seats", "must be at least 0"));
        assertThat(created.getFirst().toString()).isEqualTo("{\"title\":\"活动 1\",\"seats\":1,\"channel\":\"store\"}");
        assertThat(progress).containsExactly(10, 20, 25);
        assertThat(result.quotaReached()).isFalse();
    }

    @Test
    void theRecordQuotaStopsTheImport() {
        RecordImport job = job("title\na\nb\nc\nd\n", r -> {
            if (created.size() == 2) {
                throw new QuanyuException(ErrorCode.QUOTA_EXCEEDED, Map.of("limit", 2, "resource", "records"));
            }
            created.add(r);
        });
        job.run();
        assertThat(result.created()).isEqualTo(2);
        assertThat(result.quotaReached()).isTrue();
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.row()).isEqualTo(4);
            assertThat(e.message()).contains("quota");
        });
    }

    @Test
    void aStoppedImportTriesNoFurtherRows() {
        RecordImport[] self = new RecordImport[1];
        self[0] = job("title\na\nb\nc\n", r -> {
            created.add(r);
            self[0].cancel();
        });
        self[0].run();
        assertThat(result.created()).isEqualTo(1);
        assertThat(result.cancelled()).isTrue();
    }

    @Test
    void theErrorReportWritesWhatTheFileHeldAsText() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        try (var printer = CsvFiles.printer(out)) {
            ImportReport.write(printer, List.of(new RecordImport.RowError(2, "seats", "=1+1 is not a number"),
                    new RecordImport.RowError(3, "", "-x: stopped")));
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "\uFEFFrow,field,message\r\n2,seats,\"'=1+1 is not a number\"\r\n3,,\"'-x: stopped\"\r\n");
    }
}
