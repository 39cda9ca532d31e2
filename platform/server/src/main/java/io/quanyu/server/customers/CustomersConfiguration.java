package io.quanyu.server.customers;

import io.quanyu.customer360.Customer360;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The customer 360 service and its GraphQL view. */
@Configuration(proxyBeanMethods = false)
public class CustomersConfiguration {

    @Bean
    Customer360 customer360(MetadataService metadata, RecordService records, Clock clock) {
        return new Customer360(metadata, records, clock);
    }

    @Bean
    GraphqlCustomerProfiles graphqlCustomerProfiles(Customer360 customers, CustomerScope scope) {
        return new GraphqlCustomerProfiles(customers, scope);
    }
}
