package io.looklook.platform.retention;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;

/** The inbox's retention, and any a service adds as a {@link RetentionRule} bean. */
@AutoConfiguration(after = R2dbcAutoConfiguration.class)
@ConditionalOnBean(DatabaseClient.class)
@EnableConfigurationProperties(RetentionProperties.class)
public class RetentionAutoConfiguration {

    /** {@code processed_event.processed_at} is the database's own clock. */
    @Bean
    RetentionRule inboxRetention(RetentionProperties properties) {
        return new RetentionRule("processed_event", "processed_at", properties.inbox(), false);
    }

    @Bean
    @ConditionalOnProperty(name = "looklook.retention.enabled", havingValue = "true", matchIfMissing = true)
    RetentionPurge retentionPurge(DatabaseClient db, ObjectProvider<RetentionRule> rules, RetentionProperties properties,
                                  MeterRegistry meters) {
        return new RetentionPurge(db, rules.orderedStream().toList(), properties, meters);
    }
}
