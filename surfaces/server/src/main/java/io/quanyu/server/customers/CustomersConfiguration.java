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
    Customer360 customer360(MetadataService metadata, RecordService records, Clock clock, io.quanyu.outbox.EventSeam events) {
        return new Customer360(metadata, records, clock, events);
    }

    @Bean
    io.quanyu.customer360.Customers customers(io.quanyu.mongodb.MongoTenantDatabases databases, Customer360 customers,
                                              io.quanyu.records.Records records) {
        return new io.quanyu.customer360.Customers(databases, customers, records);
    }

    @Bean
    Customer360Schema customer360Schema(io.quanyu.customer360.Customers customers) {
        return new Customer360Schema(customers);
    }
}
