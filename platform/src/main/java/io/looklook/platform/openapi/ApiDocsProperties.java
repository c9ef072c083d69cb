package io.looklook.platform.openapi;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What a service's OpenAPI document says of itself.
 *
 * @param title        e.g. "looklook order-service"
 * @param description  what the service's routes are for
 */
@ConfigurationProperties("looklook.api")
public record ApiDocsProperties(String title, String description) {
}
