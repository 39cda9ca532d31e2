package io.quanyu.server.it;

import org.junit.jupiter.api.Test;
import org.springframework.graphql.client.HttpSyncGraphQlClient;
import org.springframework.web.client.RestClient;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API seen through an independent GraphQL client (Spring GraphQL's HTTP client): introspection, then queries
 * and mutations with variables, as an integrator's code would do it.
 */
class GraphqlClientIT extends RealServersIT {

    private HttpSyncGraphQlClient client(String token) {
        RestClient rest = RestClient.builder().baseUrl("http://127.0.0.1:" + port + "/graphql")
                .defaultHeader("Authorization", "Bearer " + token).build();
        return HttpSyncGraphQlClient.create(rest);
    }

    @Test
    void introspectionQueriesAndMutationsThroughASpecClient() {
        var client = client(Tokens.clientCredentials("acme-integrator", "acme-integrator-dev-secret"));
        var schema = client.document("{ __schema { queryType { name } mutationType { name } types { name kind } } }").executeSync();
        assertThat((boolean) schema.isValid()).isTrue();
        assertThat((Object) schema.field("__schema.queryType.name").getValue()).isEqualTo("Query");
        List<Map<String, Object>> types = schema.field("__schema.types").getValue();
        assertThat(types).extracting(t -> t.get("name")).contains("Customer", "Customer_Connection", "Customer_Filter",
                "Order", "Long", "Decimal", "DateTime", "JSON");

        String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
        var created = client.document("""
                mutation Create($input: Product_Input!) { createProduct(input: $input) { _id sku name price } }
                """).variable("input", Map.of("sku", sku, "name", "茶礼盒", "price", Map.of("amount", 199.5, "currency", "CNY")))
                .executeSync();
        assertThat((boolean) created.isValid()).as(created.toString()).isTrue();
        String id = created.field("createProduct._id").getValue();
        assertThat(created.field("createProduct.price").toEntity(Map.class)).containsEntry("currency", "CNY");

        var found = client.document("query Find($sku: String) { products(filter: {sku: {eq: $sku}}) { totalCount nodes { _id name } } }")
                .variable("sku", sku).executeSync();
        assertThat(found.field("products.totalCount").getValue().toString()).isEqualTo("1");
        assertThat(found.field("products.nodes[0]._id").getValue().toString()).isEqualTo(id);

        var bad = client.document("mutation { createProduct(input: {name: \"no sku\"}) { _id } }").executeSync();
        assertThat(bad.getErrors()).isNotEmpty();
        assertThat(bad.getErrors().getFirst().getExtensions()).containsEntry("code", "RECORD_VALIDATION_FAILED");
    }
}
