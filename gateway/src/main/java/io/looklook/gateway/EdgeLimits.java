package io.looklook.gateway;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The limits at the edge, before a request is routed, each answered in the envelope naming the limit: the URI's
 * length (414), the body's size (413: at once from {@code Content-Length}, or when a chunked body grows past it), and
 * requests per client address (429 with {@code Retry-After}). The client address is the peer's: the gateway is the
 * edge, and a client's own {@code X-Forwarded-For} is not believed (nor forwarded: no proxy is trusted, application.yml).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class EdgeLimits implements WebFilter {

    private final GatewayProperties limits;
    private final ClientRateLimiter rates;

    public EdgeLimits(GatewayProperties limits) {
        this.limits = limits;
        this.rates = new ClientRateLimiter(limits.requestsPerSecond(), limits.burst(), System::nanoTime);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String query = request.getURI().getRawQuery();
        int uriLength = request.getURI().getRawPath().length() + (query == null ? 0 : query.length() + 1);
        if (uriLength > limits.maxUriLength()) {
            return Envelope.write(exchange.getResponse(), HttpStatus.URI_TOO_LONG, Envelope.INVALID_PARAMETER,
                    "invalid parameter: the URI has " + uriLength + " characters; at most " + limits.maxUriLength() + " are taken");
        }
        long maxBody = limits.maxBodySize().toBytes();
        long length = request.getHeaders().getContentLength();
        if (length > maxBody) {
            return Envelope.write(exchange.getResponse(), HttpStatus.CONTENT_TOO_LARGE, Envelope.INVALID_PARAMETER,
                    "invalid parameter: the request body has " + length + " bytes; at most " + maxBody + " are taken");
        }
        String client = client(request);
        Duration wait = rates.acquire(client);
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            exchange.getResponse().getHeaders().set("Retry-After", String.valueOf(seconds));
            return Envelope.write(exchange.getResponse(), HttpStatus.TOO_MANY_REQUESTS, Envelope.TOO_MANY_ATTEMPTS,
                    "too many requests from this address (at most " + limits.requestsPerSecond() + " a second, "
                            + limits.burst() + " at once), please try again in " + seconds + " s");
        }
        return chain.filter(exchange.mutate().request(new CountedBody(request, maxBody)).build());
    }

    private static String client(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    /** A body without a length is counted as it streams through; past the limit it fails, and the client gets 413. */
    private static final class CountedBody extends ServerHttpRequestDecorator {
        private final long max;

        CountedBody(ServerHttpRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            AtomicLong seen = new AtomicLong();
            return super.getBody().handle((buffer, sink) -> {
                if (seen.addAndGet(buffer.readableByteCount()) > max) {
                    org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
                    sink.error(new BodyTooLargeException(max));
                } else {
                    sink.next(buffer);
                }
            });
        }
    }
}
