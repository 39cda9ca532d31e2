package io.quanyu.plugin.runtime;

import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.Records;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RecordArgumentsTest {

    @Test
    void aCreateAllBatchHoldsAtMostTheSdksLimit() {
        List<Records.Keyed> full = Collections.nCopies(Records.MAX_CREATE_ALL, new Records.Keyed("k", Map.of()));
        assertThat(RecordArguments.batch(full)).isSameAs(full);
        List<Records.Keyed> over = Collections.nCopies(Records.MAX_CREATE_ALL + 1, new Records.Keyed("k", Map.of()));
        assertThat(catchThrowableOfType(PluginException.class, () -> RecordArguments.batch(over)).code())
                .isEqualTo("RECORD_BATCH_TOO_LARGE");
    }

    @Test
    void deltasAreExactDecimalsAndNotANumberIsRefused() {
        assertThat(RecordArguments.exactDeltas("stock", Map.of("remaining", 0.1d))).containsEntry("remaining", new BigDecimal("0.1"));
        assertThat(catchThrowableOfType(PluginException.class, () -> RecordArguments.exactDeltas("stock",
                Map.of("remaining", Double.NaN))).code()).isEqualTo("RECORD_VALIDATION_FAILED");
    }
}
