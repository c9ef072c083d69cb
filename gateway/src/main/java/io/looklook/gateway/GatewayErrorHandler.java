package io.looklook.gateway;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * What the gateway answers when it cannot forward, in the envelope: a service that is down (or has no instance ready) is 503 with
 * {@code Retry-After} (a client retries, as for any service's 503), one that does not answer in time 504, a path no
 * route takes 404. Before Spring Boot's own handler (order -1), whose body is Spring's default.
 */
@Component
@Order(-2)
public class GatewayErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        String service = service(exchange);
        if (causedBy(error, ConnectException.class) || causedBy(error, io.netty.channel.ConnectTimeoutException.class)
                || noReadyInstance(error)) {
            log.warn("{} {}: the {} service is unreachable: {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), service, error.toString());
            exchange.getResponse().getHeaders().set("Retry-After", "1");
            return Envelope.write(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE, Envelope.SERVER_ERROR,
                    "the " + service + " service is unavailable, please try again later");
        }
        if (causedBy(error, TimeoutException.class)
                || error instanceof ResponseStatusException e && e.getStatusCode().value() == 504) {
            return Envelope.write(exchange.getResponse(), HttpStatus.GATEWAY_TIMEOUT, Envelope.SERVER_ERROR,
                    "the " + service + " service did not answer in time, please try again later");
        }
        if (error instanceof BodyTooLargeException e) {
            return Envelope.write(exchange.getResponse(), HttpStatus.CONTENT_TOO_LARGE, Envelope.INVALID_PARAMETER, e.getMessage());
        }
        if (error instanceof ResponseStatusException e) {
            int status = e.getStatusCode().value();
            if (status == 404) {
                return Envelope.write(exchange.getResponse(), e.getStatusCode(), Envelope.NOT_FOUND, "no such route");
            }
            HttpStatus known = HttpStatus.resolve(status);
            String reason = known != null ? known.getReasonPhrase() : "refused";
            return Envelope.write(exchange.getResponse(), e.getStatusCode(),
                    e.getStatusCode().is5xxServerError() ? Envelope.SERVER_ERROR : Envelope.INVALID_PARAMETER, reason);
        }
        log.error("{} {} failed in the gateway", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
        return Envelope.write(exchange.getResponse(), HttpStatus.BAD_GATEWAY, Envelope.SERVER_ERROR,
                "the gateway could not forward the request, please try again later");
    }

    /** The load balancer found no instance of the service that is ready (its NotFoundException, status 503). */
    private static boolean noReadyInstance(Throwable error) {
        return error instanceof ResponseStatusException e && e.getStatusCode().value() == 503;
    }

    private static String service(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        return route != null ? route.getId() : "requested";
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
