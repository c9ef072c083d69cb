package io.looklook.usercenter.adapter.web;

import java.net.InetSocketAddress;
import java.util.List;
import org.springframework.web.server.ServerWebExchange;

/**
 * The address a request came from, for the login limits. Behind the gateway every request comes from the gateway, so
 * when the peer is a trusted proxy the last address it appended to {@code X-Forwarded-For} is the client's. A client
 * talking to the service directly cannot choose its address: its own {@code X-Forwarded-For} is ignored.
 */
final class ClientAddress {

    private ClientAddress() {
    }

    static String of(ServerWebExchange exchange, List<String> trustedProxies) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        String peer = remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
        if (!trustedProxies.contains(peer)) {
            return peer;
        }
        List<String> forwarded = exchange.getRequest().getHeaders().getValuesAsList("X-Forwarded-For");
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            String hop = forwarded.get(i).strip();
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return peer;
    }
}
