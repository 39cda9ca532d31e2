package io.quanyu.server.security;

import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.server.config.QuanyuProperties;
import io.quanyu.server.tenancy.TenantGuardFilter;
import io.quanyu.server.web.ErrorResponses;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import java.util.Map;
import java.util.function.Predicate;

/**
 * Two filter chains. The API ({@code /api/**}) is a stateless OAuth2 resource server: a bearer JWT from the
 * platform's Keycloak realm, checked for signature (JWKS), issuer, audience, expiry and tenant. Everything else is
 * the browser side, logged in with the OIDC authorization-code flow with PKCE through a public client.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfiguration {
    /**
     * The marketplace's pf4j-update index and its release zips: public and read-only, as an update site is, so the
     * stock pf4j-update client reads them without a token (every listed release is signed and its sha512 is in the
     * index). The rest of the marketplace API needs a token.
     */
    static final String[] PUBLIC_MARKETPLACE_INDEX = {"/api/v1/marketplace/plugins.json", "/api/v1/marketplace/plugins/*/*.zip"};
    /** Where Vaadin's Upload posts a file (Vaadin's own pattern for framework-internal uploads). */
    private static final java.util.regex.Pattern VAADIN_UPLOAD =
            java.util.regex.Pattern.compile("/builder/VAADIN/dynamic/resource/\\d+/[0-9a-z-]*/upload");

    /**
     * The plain thread-local holder strategy, declared so that Vaadin does not install its session-aware one (it
     * backs off when a strategy bean exists): with Vaadin's, API requests after browser activity could see the
     * browser session's security context, and the tenant guard passed them unchecked. The builder reads the security
     * context only on its own request threads, where the plain strategy is what Spring Security fills.
     */
    @Bean
    org.springframework.security.core.context.SecurityContextHolderStrategy securityContextHolderStrategy() {
        return org.springframework.security.core.context.SecurityContextHolder.getContextHolderStrategy();
    }

    @Bean
    JwtDecoder jwtDecoder(QuanyuProperties properties) {
        var kc = properties.keycloak();
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(kc.issuer() + "/protocol/openid-connect/certs")
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setJwtValidator(TokenValidators.all(kc.issuer(), properties.security().audience(),
                properties.security().clockSkew()));
        return decoder;
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, JwtDecoder decoder, ErrorResponses errors,
                                 TenantGuardFilter tenantGuard) throws Exception {
        var securityErrors = new ApiSecurityErrors(errors);
        http.securityMatcher("/api/**", "/graphql")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(o -> o
                        .jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(new TenantTokenConverter()))
                        .authenticationEntryPoint(securityErrors)
                        .accessDeniedHandler(securityErrors))
                .exceptionHandling(e -> e.authenticationEntryPoint(securityErrors).accessDeniedHandler(securityErrors))
                .addFilterAfter(tenantGuard, BearerTokenAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/v1/platform/**").access(when(c ->
                                c.tenant().isPlatform() && c.has(Role.PLATFORM_ADMIN)))
                        .requestMatchers(HttpMethod.GET, "/api/v1/metadata/**").access(tenantWith(TenantAccess.READ))
                        .requestMatchers("/api/v1/metadata/**").access(tenantWith(TenantAccess.CHANGE_MODEL))
                        .requestMatchers(HttpMethod.GET, "/api/v1/records/**").access(tenantWith(TenantAccess.READ))
                        .requestMatchers(HttpMethod.POST, "/api/v1/records/*/query").access(tenantWith(TenantAccess.READ))
                        .requestMatchers("/api/v1/records/**").access(tenantWith(TenantAccess.WRITE_DATA))
                        .requestMatchers("/graphql").access(tenantWith(TenantAccess.READ))
                        .requestMatchers(HttpMethod.POST, "/api/v1/events", "/api/v1/orders").access(tenantWith(TenantAccess.WRITE_DATA))
                        .requestMatchers("/api/v1/customers/*/export", "/api/v1/customers/*/erase")
                        .access(tenantWith(TenantAccess.ADMINISTER))
                        .requestMatchers(HttpMethod.GET, "/api/v1/customers/**", "/api/v1/customer360/**").access(tenantWith(TenantAccess.READ))
                        .requestMatchers("/api/v1/customers/**").access(tenantWith(TenantAccess.WRITE_DATA))
                        .requestMatchers("/api/v1/customer360/**").access(tenantWith(TenantAccess.CHANGE_MODEL))
                        .requestMatchers("/api/v1/marketplace/keys/**", "/api/v1/marketplace/keys",
                                "/api/v1/marketplace/releases", "/api/v1/marketplace/plugins/*/releases/**")
                        .access(when(c -> c.tenant().isIsv() && c.has(Role.ISV)))
                        .requestMatchers(HttpMethod.GET, PUBLIC_MARKETPLACE_INDEX).permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/marketplace/**").access(when(c ->
                                (c.tenant().isIsv() && c.has(Role.ISV)) || (c.tenant().isPlatform() && c.has(Role.PLATFORM_ADMIN))
                                        || TenantAccess.READ.allows(c)))
                        .requestMatchers(HttpMethod.GET, "/api/v1/plugins/**").access(tenantWith(TenantAccess.READ))
                        .requestMatchers(HttpMethod.POST, "/api/v1/plugins/*/operations/*").access(tenantWith(TenantAccess.READ))
                        .requestMatchers("/api/v1/plugins/**").access(tenantWith(TenantAccess.ADMINISTER))
                        .requestMatchers("/api/**").access(tenantWith(TenantAccess.READ)));
        return http.build();
    }

    private static AuthorizationManager<RequestAuthorizationContext> tenantWith(TenantAccess access) {
        return when(access::allows);
    }

    /**
     * Partners' callbacks and customers' pages of plugins ({@code /hooks/{tenant}/{plugin}/...}): no login (the
     * plugin checks the partner's signature; a customer webhook's session, which may come as a bearer token, is the
     * plugin host's to verify), no session, no CSRF token; only tenants that enabled the plugin answer.
     */
    @Bean
    @Order(0)
    SecurityFilterChain webhookChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/hooks/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(r -> r.disable())
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }

    private static AuthorizationManager<RequestAuthorizationContext> when(Predicate<TenantContext> rule) {
        return (authentication, request) -> new AuthorizationDecision(
                authentication.get() instanceof TenantAuthentication t && rule.test(t.context()));
    }

    /**
     * The browser side, including the no-code builder under {@code /builder} (Vaadin). Vaadin's own requests there
     * (UIDL, heartbeat: marked by the {@code v-r} parameter; uploads: posted to a per-UI address with a random
     * id, {@link #VAADIN_UPLOAD}) carry Vaadin's per-UI security key, so Spring's CSRF token is not asked of them, as
     * Vaadin's own security configurer does.
     */
    @Bean
    @Order(2)
    SecurityFilterChain browserChain(HttpSecurity http) throws Exception {
        http.csrf(c -> c.ignoringRequestMatchers(r -> r.getRequestURI().startsWith("/builder/")
                        && (r.getParameter("v-r") != null || VAADIN_UPLOAD.matcher(r.getRequestURI()).matches())))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll()
                        .anyRequest().authenticated())
                .oauth2Login(Customizer.withDefaults())
                .logout(l -> l.logoutSuccessUrl("/"));
        return http.build();
    }

    /** Gives the browser session's access token to same-origin pages (GraphiQL), refreshing it when it expires. */
    @Bean
    org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager authorizedClients(
            ClientRegistrationRepository registrations,
            org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository authorized) {
        var manager = new org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager(
                registrations, authorized);
        manager.setAuthorizedClientProvider(org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder
                .builder().authorizationCode().refreshToken().build());
        return manager;
    }

    @Bean
    org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository authorizedClientRepository() {
        return new org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository();
    }

    /**
     * The builder's public client. Endpoints are given rather than discovered so the server starts even while
     * Keycloak is still starting; with no client secret, Spring Security sends a PKCE challenge (S256).
     */
    @Bean
    ClientRegistrationRepository clientRegistrations(QuanyuProperties properties) {
        String issuer = properties.keycloak().issuer();
        String oidc = issuer + "/protocol/openid-connect";
        var registration = ClientRegistration.withRegistrationId("keycloak")
                .clientId("quanyu-builder")
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid", "profile", "email")
                .authorizationUri(oidc + "/auth")
                .tokenUri(oidc + "/token")
                .jwkSetUri(oidc + "/certs")
                .userInfoUri(oidc + "/userinfo")
                .userNameAttributeName("preferred_username")
                .issuerUri(issuer)
                .providerConfigurationMetadata(Map.of("issuer", issuer, "end_session_endpoint", oidc + "/logout"))
                .clientName("Quanyu")
                .build();
        return new InMemoryClientRegistrationRepository(registration);
    }
}
