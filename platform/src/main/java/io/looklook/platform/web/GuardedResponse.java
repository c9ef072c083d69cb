package io.looklook.platform.web;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The handler's side of a response that {@link RequestDeadline} may answer instead: exactly one of the two answers
 * reaches the client. Until the handler wins (its write starts, or it ends before the deadline) its status, headers,
 * cookies and before-commit actions stay here, not on the real response. The deadline's 503 is written on another
 * thread while the handler may still be running (a cancel does not stop work already under way): had the handler's
 * Content-Length reached the real headers then, the 503 would announce the 200's length and the client would wait
 * for ever for the rest of a body that never comes.
 */
final class GuardedResponse extends ServerHttpResponseDecorator {

    private static final int HANDLING = 0;
    private static final int ANSWERING = 1;
    private static final int TIMED_OUT = 2;

    private final AtomicInteger state = new AtomicInteger(HANDLING);
    private final HttpHeaders headers;
    private final MultiValueMap<String, ResponseCookie> cookies;
    private final List<Supplier<? extends Mono<Void>>> beforeCommit = new ArrayList<>();
    private HttpStatusCode status;
    private volatile boolean handedOver;

    GuardedResponse(ServerHttpResponse response) {
        super(response);
        this.headers = HttpHeaders.copyOf(response.getHeaders());
        this.cookies = new LinkedMultiValueMap<>(); // the handler's own: those set before stay on the real response
        this.status = response.getStatusCode();
    }

    /** The deadline's turn: true if the handler had not won yet, and now never will. */
    boolean expire() {
        return state.compareAndSet(HANDLING, TIMED_OUT);
    }

    /**
     * The handler's turn: true if the response is the handler's (from now on everything it set goes to the real
     * response), false if the deadline won.
     */
    boolean claim() {
        if (state.compareAndSet(HANDLING, ANSWERING)) {
            ServerHttpResponse real = getDelegate();
            real.getHeaders().clear();
            real.getHeaders().putAll(headers);
            if (status != null) {
                real.setStatusCode(status);
            }
            cookies.values().forEach(list -> list.forEach(real::addCookie));
            beforeCommit.forEach(real::beforeCommit);
            handedOver = true;
        }
        return state.get() == ANSWERING;
    }

    @Override
    public HttpHeaders getHeaders() {
        return handedOver ? super.getHeaders() : headers;
    }

    @Override
    public boolean setStatusCode(HttpStatusCode status) {
        if (handedOver) {
            return super.setStatusCode(status);
        }
        this.status = status;
        return true;
    }

    @Override
    public HttpStatusCode getStatusCode() {
        return handedOver ? super.getStatusCode() : status;
    }

    @Override
    public boolean setRawStatusCode(Integer value) {
        return handedOver ? super.setRawStatusCode(value) : setStatusCode(value == null ? null : HttpStatusCode.valueOf(value));
    }

    @Override
    public MultiValueMap<String, ResponseCookie> getCookies() {
        return handedOver ? super.getCookies() : cookies;
    }

    @Override
    public void addCookie(ResponseCookie cookie) {
        if (handedOver) {
            super.addCookie(cookie);
        } else {
            cookies.add(cookie.getName(), cookie);
        }
    }

    @Override
    public void beforeCommit(Supplier<? extends Mono<Void>> action) {
        if (handedOver) {
            super.beforeCommit(action);
        } else {
            beforeCommit.add(action);
        }
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        return Mono.defer(() -> claim() ? super.writeWith(body) : Flux.from(body).doOnNext(DataBufferUtils::release).then());
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        return Mono.defer(() -> claim() ? super.writeAndFlushWith(body)
                : Flux.from(body).concatMap(Flux::from).doOnNext(DataBufferUtils::release).then());
    }

    @Override
    public Mono<Void> setComplete() {
        return Mono.defer(() -> claim() ? super.setComplete() : Mono.empty());
    }
}
