package io.quanyu.search.elasticsearch;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Runs one Elasticsearch request, turning transport failures and refusals into unchecked exceptions: an
 * {@link UncheckedIOException} when it could not be sent, {@code DEPENDENCY_UNAVAILABLE} when the server answered
 * that it is busy or not ready (429, 5xx), an {@link IllegalStateException} when it refused the request itself.
 */
final class ElasticsearchCalls {

    interface Call<T> {
        T run() throws IOException;
    }

    private ElasticsearchCalls() {
    }

    static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch request failed", e);
        } catch (ElasticsearchException e) {
            if (busy(e.status())) {
                throw unavailable(e);
            }
            throw new IllegalStateException("Elasticsearch refused the request: " + e.response().error().reason(), e);
        }
    }

    /** Whether a status means "not now" (overloaded, starting, no shard available) rather than "not this". */
    static boolean busy(int status) {
        return status == 429 || status >= 500;
    }

    static QuanyuException unavailable(Exception cause) {
        return new QuanyuException(ErrorCode.DEPENDENCY_UNAVAILABLE, Map.of("dependency", "Search"), cause);
    }
}
