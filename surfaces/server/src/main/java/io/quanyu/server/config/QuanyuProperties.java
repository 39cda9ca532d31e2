package io.quanyu.server.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything configurable about the server, under {@code quanyu.*}. The defaults in application.yaml point at the
 * local servers started by {@code dev/servers}; a production deployment changes only these values.
 */
@ConfigurationProperties("quanyu")
public record QuanyuProperties(Mongo mongodb, Elasticsearch elasticsearch, Keycloak keycloak, Security security,
                               Api api, Path exportDir, Duration tenantCacheTtl, List<DemoTenant> demoTenants,
                               Plugins plugins) {

    /** @param uri a MongoDB connection string; a replica set or the embedded wire server */
    public record Mongo(String uri) {
    }

    public record Elasticsearch(String url, int replicas) {
    }

    /**
     * @param url               base URL of the Keycloak server
     * @param realm             the realm whose tokens the API accepts
     * @param adminClientId     confidential client the server uses for admin calls (client credentials)
     * @param adminClientSecret its secret
     */
    public record Keycloak(String url, String realm, String adminClientId, String adminClientSecret) {
        public String issuer() {
            return url + "/realms/" + realm;
        }
    }

    /**
     * @param audience  the {@code aud} value every API token must carry
     * @param clockSkew tolerance when checking a token's expiry and not-before times
     */
    public record Security(String audience, Duration clockSkew) {
    }

    /** @param maxBodyBytes the largest request body the API reads */
    public record Api(long maxBodyBytes) {
    }

    /**
     * @param workDir            where this node unpacks loaded plugin releases (emptied at start)
     * @param secretKey          base64 of 32 random bytes; encrypts plugins' secret settings (AES-256-GCM)
     * @param syncInterval       how often a node checks whether installations changed on any node
     * @param callTimeout        longest a plugin call may run
     * @param maxConcurrentCalls calls of one plugin release running at once on a node
     * @param logLinesPerSecond  log lines a plugin may write per second
     * @param allowLocalInstall  whether platform admins may install unsigned zips (plugin development only)
     */
    /**
     * @param catalogueDirs      folders of first-party releases ({@code <id>-<version>.zip} with {@code .sig} and
     *                           {@code .pub}) published into the marketplace on start when missing; none by default
     * @param egressAllowPrivate hosts ({@code name} or {@code name:port}) plugins may reach although they resolve to
     *                           a loopback or private address (a partner's fake, an on-premises relay), when their
     *                           manifest declares them; none by default
     * @param publicUrl          the address partners and customers reach this platform at (the start of every
     *                           plugin webhook URL a plugin hands out); {@code http://localhost:8080} by default
     * @param backgroundTimeout  the longest a plugin's job, task or subscriber call may run when its manifest's
     *                           {@code timeouts} asks for more than {@code callTimeout}; five minutes by default
     */
    public record Plugins(Path workDir, String secretKey, Duration syncInterval, Duration callTimeout,
                          int maxConcurrentCalls, int logLinesPerSecond, boolean allowLocalInstall,
                          java.util.List<Path> catalogueDirs, java.util.List<String> egressAllowPrivate,
                          String publicUrl, Duration backgroundTimeout) {
        public Plugins {
            backgroundTimeout = backgroundTimeout == null ? Duration.ofMinutes(5) : backgroundTimeout;
            publicUrl = publicUrl == null || publicUrl.isBlank() ? "http://localhost:8080" : publicUrl.strip();
            catalogueDirs = catalogueDirs == null ? java.util.List.of() : java.util.List.copyOf(catalogueDirs);
            egressAllowPrivate = egressAllowPrivate == null ? java.util.List.of()
                    : egressAllowPrivate.stream().filter(h -> !h.isBlank()).toList();
        }
    }

    /** A tenant whose users already exist in the identity provider (the dev realm's demo tenants). */
    public record DemoTenant(String id, String name) {
    }
}
