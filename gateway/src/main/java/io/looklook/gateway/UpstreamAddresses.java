package io.looklook.gateway;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where each service's instances answer: {@code looklook.gateway.<service>-uri}, one address or a comma-separated list
 * ({@code http://10.0.0.1:8081,http://10.0.0.2:8081}). The routes name the service ({@code lb://order}); the load
 * balancer takes turns over the instances that are ready.
 */
@ConfigurationProperties("looklook.gateway")
public record UpstreamAddresses(List<URI> usercenterUri, List<URI> travelUri, List<URI> orderUri, List<URI> paymentUri) {

    /** Service id (as in the routes' {@code lb://} addresses) to its instances. */
    Map<String, List<URI>> byService() {
        Map<String, List<URI>> services = new LinkedHashMap<>();
        services.put("usercenter", orEmpty(usercenterUri));
        services.put("travel", orEmpty(travelUri));
        services.put("order", orEmpty(orderUri));
        services.put("payment", orEmpty(paymentUri));
        return services;
    }

    private static List<URI> orEmpty(List<URI> uris) {
        return uris == null ? List.of() : uris;
    }
}
