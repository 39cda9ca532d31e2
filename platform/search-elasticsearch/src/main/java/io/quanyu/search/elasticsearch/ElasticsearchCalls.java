package io.quanyu.search.elasticsearch;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Runs one Elasticsearch request, turning transport failures and refusals into unchecked exceptions. */
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
            throw new IllegalStateException("Elasticsearch refused the request: " + e.response().error().reason(), e);
        }
    }
}
