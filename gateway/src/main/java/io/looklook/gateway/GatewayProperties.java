package io.looklook.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The edge's limits (the routes' addresses are in application.yml, {@code looklook.gateway.*-uri}).
 *
 * @param maxBodySize        largest request body; a larger one is refused with 413 before or while it is forwarded
 * @param maxUriLength       longest path + query; 414 beyond
 * @param requestsPerSecond  steady rate per client address
 * @param burst              requests a client may send at once above the steady rate
 */
@ConfigurationProperties("looklook.gateway")
public record GatewayProperties(DataSize maxBodySize, int maxUriLength, int requestsPerSecond, int burst) {
}
