package io.quanyu.outbox;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an indexing subscriber throws when its store is down (its position stays) and when the data is wrong. */
class UnavailableTest {

    @Test
    void aStoreThatCannotBeReachedMakesTheSubscriberUnavailableAndOtherFailuresStayWhatTheyAre() throws Exception {
        assertThatThrownBy(() -> Subscriber.Unavailable.unlessDown("search", () -> {
            throw new UncheckedIOException(new IOException("connection refused"));
        })).isInstanceOf(Subscriber.Unavailable.class).hasMessage("search is unreachable");
        assertThatThrownBy(() -> Subscriber.Unavailable.unlessDown("search", () -> {
            throw new QuanyuException(ErrorCode.DEPENDENCY_UNAVAILABLE, Map.of("dependency", "Search"));
        })).isInstanceOf(Subscriber.Unavailable.class).hasMessage("search is unavailable");
        assertThatThrownBy(() -> Subscriber.Unavailable.unlessDown("search", () -> {
            throw new QuanyuException(ErrorCode.REQUEST_VALIDATION_FAILED, Map.of());
        })).isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_VALIDATION_FAILED));
        AtomicBoolean ran = new AtomicBoolean();
        Subscriber.Unavailable.unlessDown("search", () -> ran.set(true));
        assertThat(ran).isTrue();
    }
}
