package io.looklook.scheduler.adapter.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * 414 in the envelope, naming the limit. Netty's own limit on the request line answers an empty 414 before any of
 * our code runs, so it is set well above this one (server.netty.max-initial-line-length) and the limit is kept here.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class UriLengthLimit implements WebFilter {

    public static final int MAX_URI_LENGTH = 4096;

    private final JsonMapper json;

    public UriLengthLimit(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String uri = exchange.getRequest().getURI().getRawPath() + (exchange.getRequest().getURI().getRawQuery() == null
                ? "" : "?" + exchange.getRequest().getURI().getRawQuery());
        if (uri.length() > MAX_URI_LENGTH) {
            return AdminErrorHandler.write(exchange.getResponse(), json, HttpStatus.URI_TOO_LONG, AdminErrors.INVALID_PARAMETER,
                    "invalid parameter: the URI has " + uri.length() + " characters; at most " + MAX_URI_LENGTH + " are taken");
        }
        return chain.filter(exchange);
    }
}
