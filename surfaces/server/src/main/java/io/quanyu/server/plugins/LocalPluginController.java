package io.quanyu.server.plugins;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.marketplace.Marketplace;
import io.quanyu.marketplace.Release;
import io.quanyu.server.config.QuanyuProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.util.Map;

/**
 * Plugin development: a platform admin adds an unsigned release from a local zip (multipart {@code package}), which
 * tenants then install like any other. Off unless {@code quanyu.plugins.allow-local-install} is true; every other
 * check of publishing still applies.
 */
@RestController
class LocalPluginController {
    private final Marketplace marketplace;
    private final boolean allowed;

    LocalPluginController(Marketplace marketplace, QuanyuProperties properties) {
        this.marketplace = marketplace;
        this.allowed = properties.plugins().allowLocalInstall();
    }

    @PostMapping(value = "/api/v1/platform/plugins/local", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Release> addLocal(@RequestPart("package") MultipartFile pkg) {
        if (!allowed) {
            throw new QuanyuException(ErrorCode.PERMISSION_DENIED, Map.of());
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(marketplace.publishLocal(MarketplaceController.bytes(pkg)));
    }
}
