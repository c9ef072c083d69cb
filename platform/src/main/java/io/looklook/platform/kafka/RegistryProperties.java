package io.looklook.platform.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param url base URL of the schema registry, e.g. {@code http://127.0.0.1:8085} */
@ConfigurationProperties("looklook.registry")
public record RegistryProperties(String url) {
}
