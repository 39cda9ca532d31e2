package io.quanyu.server.scheduling;

import com.mongodb.client.MongoDatabase;
import io.quanyu.scheduling.DefaultScheduler;
import io.quanyu.scheduling.Scheduler;
import io.quanyu.scheduling.SchedulerOptions;
import io.quanyu.server.config.NodeName;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * The node's scheduler: the one mechanism for durable timers and recurring cluster jobs. Features register their
 * timer kinds and jobs when their beans are made; the scheduler starts firing once the application is up and stops
 * (letting the chunks in hand finish) before the beans it calls are closed.
 */
@Configuration(proxyBeanMethods = false)
public class SchedulingConfiguration {

    @Bean
    DefaultScheduler scheduler(MongoDatabase platformDatabase, Clock clock, NodeName node) {
        return new DefaultScheduler(platformDatabase, clock, SchedulerOptions.defaults().withNodeId(node.id()));
    }

    @Bean
    SmartLifecycle schedulerLifecycle(Scheduler scheduler) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                scheduler.start();
                running = true;
            }

            @Override
            public void stop() {
                running = false;
                scheduler.close();
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
