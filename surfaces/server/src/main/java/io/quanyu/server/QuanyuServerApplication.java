package io.quanyu.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Quanyu platform server: one stateless process; all state lives in MongoDB, Elasticsearch and Keycloak. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QuanyuServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(QuanyuServerApplication.class, args);
    }
}
