package io.quanyu.server.plugins;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.marketplace.Marketplace;
import io.quanyu.marketplace.PluginListing;
import io.quanyu.marketplace.PublisherKey;
import io.quanyu.marketplace.Release;
import io.quanyu.server.security.TenantAuthentication;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The plugin marketplace. Publishers (role {@code isv}, pseudo tenant {@code isv}; the publisher id is the user
 * name) register public keys and publish signed releases (multipart: {@code package} and {@code signature}, base64
 * or raw bytes), yank and unyank them. Tenants, publishers and platform admins browse, search and download; the
 * catalogue is also served in pf4j-update's {@code plugins.json} format.
 */
@RestController
@RequestMapping("/api/v1/marketplace")
class MarketplaceController {
    private final Marketplace marketplace;

    MarketplaceController(Marketplace marketplace) {
        this.marketplace = marketplace;
    }

    /** Body: {@code {"publicKey": "-----BEGIN PUBLIC KEY-----..."}} (Ed25519, or RSA of at least 2048 bits). */
    @PostMapping(value = "/keys", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PublisherKey> registerKey(@RequestBody JsonNode body, TenantAuthentication caller) {
        JsonNode pem = body.get("publicKey");
        if (pem == null || !pem.isString()) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/publicKey", "required", "a PEM public key is required")));
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(marketplace.registerKey(publisher(caller), pem.stringValue()));
    }

    @GetMapping("/keys")
    List<PublisherKey> keys(TenantAuthentication caller) {
        return marketplace.keys(publisher(caller));
    }

    @DeleteMapping("/keys/{keyId}")
    ResponseEntity<Void> revoke(@PathVariable String keyId, TenantAuthentication caller) {
        if (!marketplace.revokeKey(publisher(caller), keyId)) {
            throw new QuanyuException(ErrorCode.ROUTE_NOT_FOUND, Map.of("path", "/api/v1/marketplace/keys/" + keyId));
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping(value = "/releases", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Release> publish(@RequestPart("package") MultipartFile pkg,
                                    @RequestPart(value = "signature", required = false) MultipartFile signature,
                                    @RequestParam(value = "force", defaultValue = "false") boolean force,
                                    TenantAuthentication caller) {
        Release release = marketplace.publish(publisher(caller), bytes(pkg), signature(signature), force);
        return ResponseEntity.status(HttpStatus.CREATED).body(release);
    }

    @PostMapping("/plugins/{plugin}/releases/{version}/yank")
    Release yank(@PathVariable String plugin, @PathVariable String version, TenantAuthentication caller) {
        marketplace.yank(publisher(caller), plugin, version);
        return marketplace.release(plugin, version);
    }

    @PostMapping("/plugins/{plugin}/releases/{version}/unyank")
    Release unyank(@PathVariable String plugin, @PathVariable String version, TenantAuthentication caller) {
        marketplace.unyank(publisher(caller), plugin, version);
        return marketplace.release(plugin, version);
    }

    @GetMapping("/plugins")
    List<PluginListing> list(@RequestParam(value = "q", required = false) String text,
                             @RequestParam(value = "limit", defaultValue = "50") int limit) {
        return marketplace.list(text, Math.clamp(limit, 1, 200));
    }

    @GetMapping("/plugins/{plugin}")
    Map<String, Object> plugin(@PathVariable String plugin) {
        return Map.of("id", plugin, "releases", marketplace.releases(plugin));
    }

    @GetMapping(value = "/plugins.json", produces = MediaType.APPLICATION_JSON_VALUE)
    String pluginsJson(HttpServletRequest request) {
        String base = request.getRequestURL().toString().replaceFirst("/plugins\\.json$", "/plugins");
        return marketplace.pluginsJson(base);
    }

    @GetMapping(value = "/plugins/{plugin}/{version}.zip", produces = "application/zip")
    byte[] download(@PathVariable String plugin, @PathVariable String version) {
        return marketplace.download(plugin, version);
    }

    private static String publisher(TenantAuthentication caller) {
        return caller.context().username();
    }

    static byte[] bytes(MultipartFile file) {
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A detached signature sent as base64 text or as raw bytes. */
    private static byte[] signature(MultipartFile part) {
        if (part == null) {
            return new byte[0];
        }
        byte[] raw = bytes(part);
        String text = new String(raw, java.nio.charset.StandardCharsets.US_ASCII).strip();
        if (text.matches("[A-Za-z0-9+/=\\s]+")) {
            try {
                return Base64.getMimeDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                return raw;
            }
        }
        return raw;
    }
}
