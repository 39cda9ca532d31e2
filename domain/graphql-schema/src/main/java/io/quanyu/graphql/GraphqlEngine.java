package io.quanyu.graphql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.ChainedInstrumentation;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.records.ObjectInfo;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Executes GraphQL for a tenant. Schemas are built from the tenant's object types and cached by (tenant, what the
 * caller may do, the caller's roles, the versions of all its objects): a model change made through any node changes the key, so the
 * next request on every node gets the new schema. Depth, cost (connection sizes multiplied) and time are limited.
 */
public final class GraphqlEngine {
    private final Limits limits;
    /** Builds run per key: one tenant's schema build never blocks another tenant's requests. */
    private final Cache<String, Engines> cache;
    private final java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    /** Per schema: one engine with the limits, one for introspection-only requests (bounded by the schema). */
    private record Engines(GraphQL limited, GraphQL introspection) {
    }

    /**
     * @param maxDepth      deepest selection allowed
     * @param maxCost       most items a query may ask for (each connection's {@code first} multiplies its children)
     * @param timeout       longest a query may run
     * @param cachedSchemas how many schemas to keep
     */
    public record Limits(int maxDepth, int maxCost, Duration timeout, int cachedSchemas) {
    }

    private final List<SchemaContribution> contributions;

    /** An engine whose schemas hold the tenant's objects and the model only. */
    public GraphqlEngine(Limits limits) {
        this(limits, List.of());
    }

    /** An engine whose schemas also hold what each feature contributes. */
    public GraphqlEngine(Limits limits, List<SchemaContribution> contributions) {
        this.limits = limits;
        this.contributions = List.copyOf(contributions);
        this.cache = Caffeine.newBuilder().maximumSize(limits.cachedSchemas()).build();
    }

    public Map<String, Object> execute(RequestScope scope, String query, Map<String, Object> variables, String operation) {
        List<ObjectInfo> objects = scope.records().objects(scope.call());
        Engines engines = engines(scope, objects);
        GraphQL graphql = introspectionOnly(query) ? engines.introspection() : engines.limited();
        DataLoaderRegistry loaders = new DataLoaderRegistry();
        for (ObjectInfo info : objects) {
            String api = info.type().apiName();
            loaders.register(RecordFetchers.loaderName(api),
                    DataLoaderFactory.newMappedDataLoader((java.util.Set<String> ids) -> RecordFetchers.loadByIds(scope, api, ids)));
        }
        ExecutionInput input = ExecutionInput.newExecutionInput().query(query == null ? "" : query)
                .variables(variables == null ? Map.of() : variables).operationName(operation)
                .graphQLContext(Map.of(RequestScope.class, scope)).dataLoaderRegistry(loaders).build();
        return GraphqlErrors.withCodes(new LinkedHashMap<>(run(graphql, input).toSpecification()));
    }

    /**
     * Runs the query on its own virtual thread (graphql-java runs synchronous data fetchers on the calling thread,
     * so only a separate thread can be given up on), with the caller's log context.
     */
    private ExecutionResult run(GraphQL graphql, ExecutionInput input) {
        Map<String, String> logContext = org.slf4j.MDC.getCopyOfContextMap();
        var future = workers.submit(() -> {
            if (logContext != null) {
                org.slf4j.MDC.setContextMap(logContext);
            }
            try {
                return graphql.executeAsync(input).join();
            } finally {
                org.slf4j.MDC.clear();
            }
        });
        try {
            return future.get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return failed(new QuanyuException(ErrorCode.QUERY_TIMEOUT, Map.of("limit", limits.timeout().toMillis() + " ms")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(new QuanyuException(ErrorCode.QUERY_TIMEOUT, Map.of("limit", "the request")));
        } catch (ExecutionException e) {
            throw new IllegalStateException("GraphQL execution failed", e.getCause());
        }
    }

    private static ExecutionResult failed(QuanyuException e) {
        return ExecutionResult.newExecutionResult().addError(GraphqlErrors.of(e)).build();
    }

    /**
     * Whether every operation selects only introspection fields ({@code __schema}, {@code __type}, ...). Those are
     * bounded by the schema, not by data, and tools such as GraphiQL send deep introspection queries.
     */
    static boolean introspectionOnly(String query) {
        try {
            var document = graphql.parser.Parser.parse(query);
            var operations = document.getDefinitionsOfType(graphql.language.OperationDefinition.class);
            return !operations.isEmpty() && operations.stream().allMatch(op -> op.getSelectionSet().getSelections().stream()
                    .allMatch(s -> s instanceof graphql.language.Field f && f.getName().startsWith("__")));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The cached engines for this tenant, capability, roles, set of object versions and what each contribution shows
     * the tenant now; built on first use.
     */
    private Engines engines(RequestScope scope, List<ObjectInfo> objects) {
        String key = scope.call().tenant().value() + "|" + scope.capability() + "|" + new java.util.TreeSet<>(scope.roles())
                + "|" + objects.stream()
                .map(o -> o.type().apiName() + ":" + o.version()).collect(Collectors.joining(","))
                + "|" + contributions.stream().map(c -> c.version(scope)).collect(Collectors.joining("|"));
        return cache.get(key, k -> build(scope.call().tenant(), objects, scope.capability(), scope.roles()));
    }

    private Engines build(io.quanyu.core.tenant.TenantId tenant, List<ObjectInfo> objects,
                          RequestScope.Capability capability, java.util.Set<String> roles) {
        var schema = SchemaGenerator.generate(tenant, objects, capability, roles, contributions);
        var depth = new MaxQueryDepthInstrumentation(limits.maxDepth(), info -> {
            throw abort(new QuanyuException(ErrorCode.QUERY_TOO_DEEP, Map.of("limit", limits.maxDepth())));
        });
        var cost = new MaxQueryComplexityInstrumentation(limits.maxCost(), (env, children) -> {
            Object first = env.getArguments().get("first");
            int size = first instanceof Integer n ? Math.max(1, n) : 1;
            return size * Math.max(1, children) + 1;
        }, info -> {
            throw abort(new QuanyuException(ErrorCode.QUERY_TOO_COMPLEX, Map.of("limit", limits.maxCost())));
        });
        GraphQL limited = GraphQL.newGraphQL(schema).instrumentation(new ChainedInstrumentation(List.of(depth, cost)))
                .defaultDataFetcherExceptionHandler(new GraphqlErrors()).build();
        return new Engines(limited, GraphQL.newGraphQL(schema).defaultDataFetcherExceptionHandler(new GraphqlErrors()).build());
    }

    private static AbortExecutionException abort(QuanyuException e) {
        return new AbortExecutionException(List.of(GraphqlErrors.of(e)));
    }

    /** Schemas currently cached (for tests and the benchmark). */
    public long cachedSchemas() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
