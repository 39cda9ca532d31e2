package io.quanyu.server.plugins;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.core.tenant.TenantStatus;
import io.quanyu.plugin.host.PluginCalls;
import io.quanyu.plugin.runtime.WebhookAnswers;
import io.quanyu.server.tenancy.TenantDirectory;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.MDC;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Partners' callbacks to plugins at {@code /hooks/{tenant}/{plugin}/{path}[/...]}, any method. Only an active tenant
 * that enabled the plugin answers; anything else is 404 {@code WEBHOOK_NOT_FOUND}, the same for unknown tenants and
 * plugins, so callers learn nothing about who exists. The plugin's answer keeps its own headers (a redirect's
 * {@code Location}, {@code Cache-Control}); the plugin sees the caller's address as the servlet reports it (behind a
 * proxy, the forwarded one when the operator sets {@code server.forward-headers-strategy}).
 */
@RestController
class WebhookController {
    private final PluginCalls calls;
    private final TenantDirectory directory;

    WebhookController(PluginCalls calls, TenantDirectory directory) {
        this.calls = calls;
        this.directory = directory;
    }

    @RequestMapping({"/hooks/{tenant}/{plugin}/{path}", "/hooks/{tenant}/{plugin}/{path}/**"})
    ResponseEntity<byte[]> hook(@PathVariable String tenant, @PathVariable String plugin, @PathVariable String path,
                                HttpServletRequest request) throws IOException {
        TenantId id = activeTenant(tenant, request.getRequestURI());
        MDC.put("tenant", id.value());
        String prefix = "/hooks/" + tenant + "/" + plugin + "/" + path;
        String subPath = request.getRequestURI().substring(Math.min(prefix.length(), request.getRequestURI().length()));
        byte[] body = request.getInputStream().readAllBytes();
        var answer = calls.webhook(id, plugin, path, new PluginCalls.Request(request.getMethod(), subPath,
                headers(request), WebhookAnswers.query(request.getQueryString()), body, MDC.get("correlationId"), request.getRemoteAddr()));
        return ResponseEntity.status(answer.status()).contentType(MediaType.parseMediaType(answer.contentType()))
                .headers(h -> answer.headers().forEach(h::addAll)).body(answer.body());
    }

    private TenantId activeTenant(String tenant, String uri) {
        boolean active = TenantId.problemOf(tenant) == null && directory.find(new TenantId(tenant))
                .filter(t -> t.status() == TenantStatus.ACTIVE).isPresent();
        if (!active) {
            throw new QuanyuException(ErrorCode.WEBHOOK_NOT_FOUND, Map.of("path", uri));
        }
        return new TenantId(tenant);
    }

    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            out.put(name.toLowerCase(Locale.ROOT), Collections.list(request.getHeaders(name)));
        }
        return out;
    }
}
