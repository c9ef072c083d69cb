package io.looklook.platform.kafka;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param url        base URL of the schema registry, e.g. {@code http://127.0.0.1:8085}
 * @param properties the registry client's own settings, passed to every serializer and deserializer as they are:
 *                   credentials and TLS ({@code looklook.registry.properties[apicurio.auth.username]=...})
 */
@ConfigurationProperties("looklook.registry")
public record RegistryProperties(String url, Map<String, String> properties) {

    public RegistryProperties {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
}
