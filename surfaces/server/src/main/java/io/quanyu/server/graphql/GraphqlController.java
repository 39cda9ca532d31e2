package io.quanyu.server.graphql;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.graphql.GraphqlEngine;
import io.quanyu.graphql.RequestScope;
import io.quanyu.records.Records;
import io.quanyu.server.objects.TenantScope;
import io.quanyu.server.security.TenantAuthentication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/**
 * The tenant's GraphQL endpoint (POST, and GET for queries). The schema is the caller's tenant's, shaped by what
 * the caller's roles allow: viewers read, integrators and builders write data, builders and tenant admins change
 * the model.
 */
@RestController
class GraphqlController {
    private final GraphqlEngine engine;
    private final TenantScope scope;
    private final Records records;
    private final JsonMapper json = JsonMapper.builder().build();

    GraphqlController(GraphqlEngine engine, TenantScope scope, Records records) {
        this.engine = engine;
        this.scope = scope;
        this.records = records;
    }

    @PostMapping(value = "/graphql", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/graphql-response+json"})
    Map<String, Object> post(@RequestBody JsonNode body, TenantAuthentication caller) {
        if (!body.isObject() || !body.path("query").isString()) {
            throw new QuanyuException(ErrorCode.GRAPHQL_INVALID, Map.of(),
                    List.of(new FieldViolation("/query", "required", "a GraphQL query string is required")), null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = body.path("variables").isObject() ? json.convertValue(body.get("variables"), Map.class) : Map.of();
        String operation = body.path("operationName").isString() ? body.path("operationName").stringValue() : null;
        return engine.execute(requestScope(caller), body.path("query").stringValue(), variables, operation);
    }

    /** Queries only (a GET never changes anything). */
    @GetMapping("/graphql")
    Map<String, Object> get(@RequestParam String query, TenantAuthentication caller) {
        return engine.execute(requestScope(caller).readOnly(), query, Map.of(), null);
    }

    private RequestScope requestScope(TenantAuthentication caller) {
        return RequestScope.of(scope.call(caller), records);
    }
}
