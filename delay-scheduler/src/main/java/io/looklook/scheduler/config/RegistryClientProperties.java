package io.looklook.scheduler.config;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code looklook.registry.*}, as every looklook service reads it.
 *
 * @param url        base URL of the schema registry
 * @param properties the registry client's own settings, passed as they are to every serializer and deserializer:
 *                   credentials and TLS ({@code looklook.registry.properties[apicurio.auth.username]=...})
 */
@ConfigurationProperties("looklook.registry")
public record RegistryClientProperties(String url, Map<String, String> properties) {

    public RegistryClientProperties {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
}
