package io.looklook.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds {@code looklook-platform-defaults.properties} as the lowest-precedence property source, so every service
 * starts from the same Kafka, database, actuator and tracing defaults and overrides only what it must. With the
 * {@code local} profile active it also adds the local stack's dev secrets ({@code looklook-platform-local.properties});
 * without it, secrets have no default at all.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {

    static final String NAME = "looklook-platform-defaults";
    static final String LOCAL = "looklook-platform-local";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            if (environment.matchesProfiles("local")) {
                environment.getPropertySources().addLast(
                        new ResourcePropertySource(LOCAL, new ClassPathResource(LOCAL + ".properties")));
            }
            environment.getPropertySources().addLast(
                    new ResourcePropertySource(NAME, new ClassPathResource(NAME + ".properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
