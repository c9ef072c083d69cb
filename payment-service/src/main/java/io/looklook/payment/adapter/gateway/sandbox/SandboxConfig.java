package io.looklook.payment.adapter.gateway.sandbox;

import io.looklook.payment.adapter.gateway.CallbackUrls;
import io.looklook.payment.adapter.gateway.WechatPayProperties;
import io.looklook.payment.adapter.persistence.ClaimTransactions;
import io.looklook.payment.application.PayerOpenids;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.json.JsonMapper;

/** The sandbox gateway, its payer route and its notifier: only with {@code looklook.payment.gateway=sandbox}. */
@Configuration
@ConditionalOnProperty(name = "looklook.payment.gateway", havingValue = "sandbox")
@EnableConfigurationProperties(SandboxProperties.class)
class SandboxConfig {

    /** After the migrations: the keys live in a table of theirs. */
    @Bean
    @DependsOn("flywayInitializer")
    SandboxKeys sandboxKeys(DatabaseClient db) {
        return SandboxKeys.shared(db);
    }

    @Bean
    SandboxLedger sandboxLedger(DatabaseClient db, TransactionalOperator tx, ReactiveTransactionManager transactions,
                                SandboxProperties properties) {
        return new SandboxLedger(db, tx, ClaimTransactions.readCommitted(transactions), properties);
    }

    @Bean
    SandboxNotifier sandboxNotifier(SandboxLedger ledger, SandboxKeys keys, SandboxProperties properties, Clock clock) {
        return new SandboxNotifier(ledger, keys, properties, clock);
    }

    @Bean
    SandboxGateway sandboxGateway(SandboxLedger ledger, SandboxKeys keys, WechatPayProperties merchant, CallbackUrls callbacks,
                                  JsonMapper json, Clock clock, SandboxNotifier notifier) {
        return new SandboxGateway(ledger, keys, merchant, callbacks, json, clock, notifier::wakeUp);
    }

    @Bean
    SandboxController sandboxController(SandboxGateway gateway, PayerOpenids openids) {
        return new SandboxController(gateway, openids);
    }
}
