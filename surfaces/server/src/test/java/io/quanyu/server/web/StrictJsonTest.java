package io.quanyu.server.web;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Spring MVC as Spring Boot configures it, with the server's JSON settings and error handler: a request body is read
 * by the MVC message converter over Boot's one {@code JsonMapper}, so this is how every JSON endpoint reads.
 */
class StrictJsonTest {
    private final WebApplicationContextRunner mvc = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                    HttpMessageConvertersAutoConfiguration.class, WebMvcAutoConfiguration.class))
            .withUserConfiguration(StrictJson.class, ApiExceptionHandler.class, ErrorResponses.class, Echo.class);

    /** Answers with the body it read. */
    @RestController
    static class Echo {
        @PostMapping("/echo")
        JsonNode echo(@RequestBody JsonNode body) {
            return body;
        }
    }

    @FunctionalInterface
    private interface Expectations {
        void check(ResultActions reply) throws Exception;
    }

    private void posting(String body, Expectations expectations) {
        mvc.run(context -> {
            MockMvc client = MockMvcBuilders.webAppContextSetup(context).build();
            expectations.check(client.perform(post("/echo").contentType(MediaType.APPLICATION_JSON).content(body)));
        });
    }

    @Test
    void aKeyGivenTwiceIsRefusedWithItsPointer() {
        posting("{\"name\": \"a\", \"name\": \"b\"}", reply -> reply.andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("MALFORMED_REQUEST"))
                .andExpect(jsonPath("$.details.key").value("name"))
                .andExpect(jsonPath("$.violations.length()").value(1))
                .andExpect(jsonPath("$.violations[0].pointer").value("/name"))
                .andExpect(jsonPath("$.violations[0].code").value("duplicateKey")));
    }

    @Test
    void aNestedDuplicateIsFoundWhereverItIs() {
        posting("{\"name\": \"a\", \"extra\": {\"list\": [{\"k\": 1}, {\"k\": 1, \"a/b\": 1, \"a/b\": 2}]}}",
                reply -> reply.andExpect(status().isBadRequest())
                        .andExpect(jsonPath("$.details.key").value("a/b"))
                        .andExpect(jsonPath("$.violations[0].pointer").value("/extra/list/1/a~1b"))
                        .andExpect(jsonPath("$.violations[0].code").value("duplicateKey")));
    }

    @Test
    void theSameKeyInSeparateObjectsIsRead() {
        posting("{\"a\": {\"k\": 1}, \"b\": [{\"k\": 2}, {\"k\": 3}]}", reply -> reply.andExpect(status().isOk())
                .andExpect(content().json("{\"a\": {\"k\": 1}, \"b\": [{\"k\": 2}, {\"k\": 3}]}")));
    }

    @Test
    void otherBrokenJsonIsStillMalformedWithoutViolations() {
        posting("{\"name\": ", reply -> reply.andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("MALFORMED_REQUEST"))
                .andExpect(jsonPath("$.violations").doesNotExist()));
    }
}
