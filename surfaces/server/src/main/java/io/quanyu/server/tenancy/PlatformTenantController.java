package io.quanyu.server.tenancy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quanyu.core.tenant.NewTenant;
import io.quanyu.core.tenant.Tenant;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.core.tenant.TenantLifecycle;
import io.quanyu.server.security.TenantAuthentication;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.util.List;

/**
 * Tenant administration for platform operators ({@code platform-admin} role, platform tokens only). The tenant
 * named in the path is the object being administered, never the caller's context.
 */
@RestController
@RequestMapping("/api/v1/platform/tenants")
class PlatformTenantController {
    private final TenantLifecycle lifecycle;
    private final TenantDirectory directory;

    PlatformTenantController(TenantLifecycle lifecycle, TenantDirectory directory) {
        this.lifecycle = lifecycle;
        this.directory = directory;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CreatedTenant> create(@RequestBody JsonNode body, TenantAuthentication caller) {
        NewTenant request = TenantRequests.parse(body);
        Tenant tenant = lifecycle.create(request, caller.context().username());
        directory.forget(tenant.id());
        var admin = request.admin();
        boolean generated = !body.path("admin").has("password");
        var created = new CreatedTenant(TenantView.of(tenant), new CreatedAdmin(admin.username(), admin.email(),
                generated ? admin.password() : null, admin.passwordTemporary()));
        return ResponseEntity.created(URI.create("/api/v1/platform/tenants/" + tenant.id())).body(created);
    }

    @GetMapping
    List<TenantView> list() {
        return lifecycle.list().stream().map(TenantView::of).toList();
    }

    @GetMapping("/{id}")
    TenantView get(@PathVariable String id) {
        return TenantView.of(lifecycle.get(TenantId.of(id)));
    }

    @PostMapping("/{id}/suspend")
    TenantView suspend(@PathVariable String id) {
        return changed(lifecycle.suspend(TenantId.of(id)));
    }

    @PostMapping("/{id}/resume")
    TenantView resume(@PathVariable String id) {
        return changed(lifecycle.resume(TenantId.of(id)));
    }

    /** Exports the tenant's data to a file, then drops its database, indices and users. */
    @DeleteMapping("/{id}")
    TenantView delete(@PathVariable String id) {
        return changed(lifecycle.delete(TenantId.of(id)));
    }

    private TenantView changed(Tenant tenant) {
        directory.forget(tenant.id());
        return TenantView.of(tenant);
    }

    /** @param initialPassword the generated password (absent when the caller chose one); shown once, never stored */
    record CreatedTenant(TenantView tenant, CreatedAdmin admin) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CreatedAdmin(String username, String email, String initialPassword, boolean passwordTemporary) {
    }
}
