package io.looklook.scheduler.adapter.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whatever the controller does not answer itself (an unknown route, a missing or malformed parameter, a wrong method,
 * a bug) in the envelope, with Spring's reason cut before its " for: ..." part, which names our methods. Before Spring
 * Boot's own handler (order -1), whose body is Spring's default.
 */
@Component
@Order(-2)
public class AdminErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(AdminErrorHandler.class);

    private final JsonMapper json;

    public AdminErrorHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        HttpStatusCode status;
        String msg;
        if (error instanceof ResponseStatusException e) {
            status = e.getStatusCode();
            msg = status.value() == 404 ? "no such route" : withoutInternals(e.getReason(), status);
        } else {
            log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            msg = "server hiccup, please try again later";
        }
        if (status.is4xxClientError() && status.value() != 404) {
            msg = "invalid parameter: " + msg;
        }
        return write(response, json, status, AdminErrors.codeFor(status.value()), msg);
    }

    public static Mono<Void> write(ServerHttpResponse response, JsonMapper json, HttpStatusCode status, int code, String msg) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = json.writeValueAsBytes(AdminErrors.body(code, msg));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private static String withoutInternals(String reason, HttpStatusCode status) {
        if (reason == null) {
            HttpStatus known = HttpStatus.resolve(status.value());
            return known != null ? known.getReasonPhrase() : "refused";
        }
        int internals = reason.indexOf(" for: ");
        return internals > 0 ? reason.substring(0, internals) : reason;
    }
}
