package io.quanyu.core.identity;

/**
 * A client's secret as just issued: shown to the tenant admin once, never stored by the platform.
 *
 * @param client the client it belongs to
 * @param secret the {@code client_secret} for the client-credentials grant
 */
public record ApiClientSecret(ApiClient client, String secret) {
    @Override
    public String toString() {
        return "ApiClientSecret[" + client.clientId() + ", secret hidden]";
    }
}
