package io.looklook.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** Production values by default, the single-node ones only in the local profile, and no start on too few replicas. */
class ProductionSettingsTest {

    @Test
    void withoutAProfileTheChangelogsHaveThreeReplicasAndAStandby() throws IOException {
        SchedulerProperties props = bind(Map.of(), "application.yml");

        assertThat(props.replicationFactor()).isEqualTo(3);
        assertThat(props.standbyReplicas()).isEqualTo(1);
        assertThat(props.allowLowReplication()).isFalse();
    }

    @Test
    void theLocalProfileKeepsOneBrokerAndOneInstance() throws IOException {
        SchedulerProperties props = bind(Map.of(), "application-local.yml", "application.yml");

        assertThat(props.replicationFactor()).isEqualTo(1);
        assertThat(props.standbyReplicas()).isZero();
        assertThat(props.allowLowReplication()).isTrue();
    }

    @Test
    void fewerThanThreeReplicasRefuseToStartUnlessAllowed() {
        assertThatThrownBy(() -> bind(Map.of("looklook.scheduler.replication-factor", "2"), "application.yml"))
                .isInstanceOf(BindException.class).rootCause()
                .hasMessageContaining("replication-factor is 2").hasMessageContaining("allow-low-replication=true");
    }

    @Test
    void anInstanceIdIsTheHostNameAndPortWhenTheEnvironmentNamesTheHost() throws IOException {
        SchedulerProperties props = bind(Map.of("HOSTNAME", "delay-scheduler-1", "server.port", "8084"), "application.yml");

        assertThat(props.instanceId()).isEqualTo("delay-scheduler-1-8084");
    }

    /** Binds looklook.scheduler from {@code overrides} and the yml files, first wins (as profiles stack). */
    private static SchedulerProperties bind(Map<String, Object> overrides, String... ymls) throws IOException {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME); // the machine's HOSTNAME
        env.getPropertySources().addFirst(new MapPropertySource("overrides", overrides));
        List<PropertySource<?>> files = new ArrayList<>();
        for (String yml : ymls) {
            files.addAll(new YamlPropertySourceLoader().load(yml, new ClassPathResource(yml)));
        }
        files.forEach(env.getPropertySources()::addLast);
        return new Binder(ConfigurationPropertySources.get(env), new org.springframework.boot.context.properties.bind
                .PropertySourcesPlaceholdersResolver(env)).bind("looklook.scheduler", SchedulerProperties.class).get();
    }
}
