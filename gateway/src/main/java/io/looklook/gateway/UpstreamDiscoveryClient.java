package io.looklook.gateway;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * The services' instances as configured ({@link UpstreamAddresses}): a fixed list, as looklook's nginx upstreams. On
 * Kubernetes the list is one Service address per service and the cluster balances; here (two instances on one machine,
 * {@code infra/stack up --instances 2}) the gateway does. Which of them are ready is the load balancer's health check's
 * job (application.yml, {@code spring.cloud.loadbalancer.health-check}).
 */
@Component
class UpstreamDiscoveryClient implements ReactiveDiscoveryClient {

    private final Map<String, List<ServiceInstance>> instances;

    UpstreamDiscoveryClient(UpstreamAddresses addresses) {
        this.instances = addresses.byService().entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, entry -> entry.getValue().stream().map(uri -> instance(entry.getKey(), uri)).toList()));
    }

    private static ServiceInstance instance(String service, URI uri) {
        boolean secure = "https".equals(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
        return new DefaultServiceInstance(service + "@" + uri.getHost() + ":" + port, service, uri.getHost(), port, secure);
    }

    @Override
    public String description() {
        return "looklook.gateway.*-uri";
    }

    @Override
    public Flux<ServiceInstance> getInstances(String serviceId) {
        return Flux.fromIterable(instances.getOrDefault(serviceId, List.of()));
    }

    @Override
    public Flux<String> getServices() {
        return Flux.fromIterable(instances.keySet());
    }
}
