package io.looklook.scheduler.adapter.web;

import io.looklook.scheduler.adapter.kafka.ScheduleQueries;
import io.looklook.scheduler.adapter.kafka.ScheduleRequests;
import io.looklook.scheduler.domain.ScheduleRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Operators' view of the pending timers. Reads go to the instance that owns the timer (interactive queries tell
 * which); a list fans out to every instance and merges in due order. A cancel or a fire-now goes through
 * {@code scheduler.requests} like any client's request, so it is ordered with the timer's other requests.
 */
@RestController
@RequestMapping("/scheduler/v1/admin/schedules")
public class ScheduleAdminController {

    /** Marks a request forwarded by another instance: answer from local state, never forward again. */
    static final String ROUTED = "X-Looklook-Routed";
    /** Which instance answered for the timer (its owner): host:port. */
    static final String SERVED_BY = "X-Looklook-Served-By";
    private static final Comparator<ScheduleView> DUE_ORDER =
            Comparator.comparingLong(ScheduleView::dueAt).thenComparing(ScheduleView::scheduleId);

    private static final java.time.Duration SEND_TIMEOUT = java.time.Duration.ofSeconds(5);

    private final ScheduleQueries queries;
    private final ScheduleRequests requests;
    private final WebClient http;
    private final HostInfo self;

    public ScheduleAdminController(ScheduleQueries queries, ScheduleRequests requests, HostInfo self) {
        this.queries = queries;
        this.requests = requests;
        this.self = self;
        this.http = WebClient.create();
    }

    @GetMapping("/{id}")
    public Mono<ResponseEntity<Object>> get(@PathVariable String id, @RequestHeader(value = ROUTED, required = false) String routed,
                                            @RequestHeader(HttpHeaders.AUTHORIZATION) String token) {
        return Mono.fromCallable(() -> routed == null ? queries.owner(id) : Optional.<HostInfo>empty())
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(owner -> owner.isPresent() ? forward(owner.get(), "/scheduler/v1/admin/schedules/" + id, token)
                        : Mono.fromCallable(() -> queries.getLocal(id).<ResponseEntity<Object>>map(t -> ResponseEntity.ok()
                                .header(SERVED_BY, self.host() + ":" + self.port()).body(ScheduleView.of(t)))
                                .orElseGet(() -> notFound(id))).subscribeOn(Schedulers.boundedElastic()));
    }

    @GetMapping
    public Mono<ResponseEntity<Object>> list(@RequestParam long from, @RequestParam long to,
                                             @RequestParam(defaultValue = "100") int limit,
                                             @RequestParam(required = false) String after,
                                             @RequestHeader(value = ROUTED, required = false) String routed,
                                             @RequestHeader(HttpHeaders.AUTHORIZATION) String token) {
        if (from >= to || from < 0) {
            return Mono.just(AdminErrors.invalid("need 0 <= from < to (epoch ms)"));
        }
        if (limit < 1 || limit > 1000) {
            return Mono.just(AdminErrors.invalid("limit must be 1..1000"));
        }
        Cursor cursor;
        try {
            cursor = Cursor.parse(after);
        } catch (IllegalArgumentException e) {
            return Mono.just(AdminErrors.invalid(e.getMessage()));
        }
        Mono<List<ScheduleView>> local = Mono.fromCallable(() -> queries.listLocal(from, to, cursor.due(), cursor.id(), limit)
                .stream().map(ScheduleView::of).toList()).subscribeOn(Schedulers.boundedElastic());
        if (routed != null) {
            return local.map(views -> ResponseEntity.ok(new ScheduleView.Page(views, null)));
        }
        String query = "/scheduler/v1/admin/schedules?from=" + from + "&to=" + to + "&limit=" + limit
                + (after == null ? "" : "&after=" + after);
        // the instances' metadata is behind a lock a rebalance holds: read it off the event loop
        Flux<ScheduleView> others = Mono.fromCallable(queries::otherInstances).subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(Flux::fromIterable)
                .flatMap(host -> http.get().uri("http://" + host.host() + ":" + host.port() + query)
                        .header(ROUTED, "1").header(HttpHeaders.AUTHORIZATION, token)
                        .retrieve().bodyToMono(ScheduleView.Page.class))
                .flatMapIterable(ScheduleView.Page::schedules);
        return local.flatMapMany(Flux::fromIterable).concatWith(others).collectList().map(all -> {
            List<ScheduleView> sorted = new ArrayList<>(all);
            sorted.sort(DUE_ORDER);
            List<ScheduleView> page = sorted.size() > limit ? sorted.subList(0, limit) : sorted;
            ScheduleView last = page.isEmpty() ? null : page.get(page.size() - 1);
            String next = page.size() == limit ? last.dueAt() + ":" + last.scheduleId() : null;
            return ResponseEntity.ok(new ScheduleView.Page(page, next));
        });
    }

    @PostMapping("/{id}/cancel")
    public Mono<ResponseEntity<Object>> cancel(@PathVariable String id) {
        if (id.startsWith(ScheduleRules.ORDER_TIMEOUT_PREFIX)) {
            return Mono.just(AdminErrors.of(HttpStatus.CONFLICT, AdminErrors.CONFLICT,
                    "order timeouts follow their order: they end with OrderPaid or OrderClosed, not by hand"));
        }
        // sending can block on broker metadata: never on an event-loop thread
        return Mono.fromFuture(() -> requests.cancel(id)).subscribeOn(Schedulers.boundedElastic()).timeout(SEND_TIMEOUT)
                .thenReturn(ResponseEntity.accepted().body(Map.of("scheduleId", id,
                        "status", "cancel requested: ScheduleCancelled or ScheduleNotFound follows on scheduler.events")));
    }

    /**
     * Fires the timer now, before its due time if need be; for an order timeout that means closing the order now
     * (order-service still closes it only if it waits for payment).
     */
    @PostMapping("/{id}/fire-now")
    public Mono<ResponseEntity<Object>> fireNow(@PathVariable String id) {
        return Mono.fromFuture(() -> requests.fireNow(id)).subscribeOn(Schedulers.boundedElastic()).timeout(SEND_TIMEOUT)
                .thenReturn(ResponseEntity.accepted().body(Map.of("scheduleId", id,
                        "status", "fire requested: ScheduleFired (onRequest) or ScheduleNotFound follows on scheduler.events")));
    }

    /** The broker or the registry did not take the request in time: nothing was sent, or it will be once; try again. */
    @ExceptionHandler({java.util.concurrent.TimeoutException.class, org.apache.kafka.common.KafkaException.class,
            io.apicurio.registry.rest.client.exception.RestClientException.class})
    public ResponseEntity<Object> brokerOrRegistryAway(Exception e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                .body(AdminErrors.body(AdminErrors.SERVER_ERROR,
                        "the request could not be sent to scheduler.requests right now, please try again"));
    }

    /** Stores restoring or moving in a rebalance: try again shortly (readiness is down meanwhile). */
    @ExceptionHandler({IllegalStateException.class, InvalidStateStoreException.class})
    public ResponseEntity<Object> notAvailable(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                .body(AdminErrors.body(AdminErrors.SERVER_ERROR,
                        "timers are not queryable right now (restoring or rebalancing), please try again"));
    }

    /** Asks the owner with the caller's own token: the owner checks it again. */
    private Mono<ResponseEntity<Object>> forward(HostInfo owner, String path, String token) {
        return http.get().uri("http://" + owner.host() + ":" + owner.port() + path).header(ROUTED, "1")
                .header(HttpHeaders.AUTHORIZATION, token)
                .retrieve().toEntity(Object.class)
                .onErrorResume(WebClientResponseException.NotFound.class, e -> Mono.just(notFound(path.substring(path.lastIndexOf('/') + 1))));
    }

    private static ResponseEntity<Object> notFound(String id) {
        return AdminErrors.of(HttpStatus.NOT_FOUND, AdminErrors.NOT_FOUND, "no pending timer " + id
                + " (never scheduled, already fired or cancelled)");
    }

    /** {@code <dueAt>:<scheduleId>} of the last timer of the previous page. */
    record Cursor(Long due, String id) {
        static Cursor parse(String after) {
            if (after == null) {
                return new Cursor(null, null);
            }
            int colon = after.indexOf(':');
            try {
                return new Cursor(Long.parseLong(after.substring(0, colon)), after.substring(colon + 1));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("after must be <dueAt>:<scheduleId>, the next cursor of the previous page");
            }
        }
    }
}
