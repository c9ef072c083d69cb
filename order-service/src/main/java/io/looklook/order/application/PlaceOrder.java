package io.looklook.order.application;

import io.looklook.order.application.IdempotencyKeys.Completed;
import io.looklook.order.application.IdempotencyKeys.InFlight;
import io.looklook.order.application.IdempotencyKeys.Mismatch;
import io.looklook.order.domain.Homestay;
import io.looklook.order.domain.Order;
import io.looklook.order.domain.OrderNumbers;
import io.looklook.order.domain.OrderRequest;
import io.looklook.order.domain.Price;
import io.looklook.order.domain.Stay;
import io.looklook.order.domain.TradeState;
import io.looklook.platform.error.BusinessException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Places a homestay order: validates the stay against the catalog copy, prices it, and in ONE transaction writes
 * the order (waiting for payment until its deadline), its {@code OrderCreated} and the idempotency record.
 */
@Service
public class PlaceOrder {

    private final HomestayReplica homestays;
    private final OrderStore orders;
    private final OrderEvents events;
    private final IdempotencyKeys keys;
    private final TransactionalOperator tx;
    private final OrderSettings settings;
    private final OrderNumbers numbers;
    private final Clock clock;

    public PlaceOrder(HomestayReplica homestays, OrderStore orders, OrderEvents events, IdempotencyKeys keys,
                      TransactionalOperator tx, OrderSettings settings, Clock clock) {
        this.homestays = homestays;
        this.orders = orders;
        this.events = events;
        this.keys = keys;
        this.tx = tx;
        this.settings = settings;
        this.numbers = new OrderNumbers(settings.zone());
        this.clock = clock;
    }

    /** Returns the order's sn; with an idempotency key, the same sn for a repeated request. */
    public Mono<String> place(long userId, OrderRequest request, String idempotencyKey) {
        if (idempotencyKey == null) {
            return create(userId, request, null);
        }
        return keys.claim(userId, idempotencyKey, hash(request), clock.instant()).flatMap(claim -> {
            if (claim instanceof Completed done) {
                return Mono.just(done.orderSn());
            }
            if (claim instanceof Mismatch) {
                return Mono.error(BusinessException.conflict("this Idempotency-Key was already used with a different request"));
            }
            if (claim instanceof InFlight) {
                return Mono.error(BusinessException.conflict(
                        "a request with this Idempotency-Key is still being processed; retry in a moment"));
            }
            return create(userId, request, idempotencyKey)
                    .onErrorResume(error -> keys.release(userId, idempotencyKey).then(Mono.error(error)));
        });
    }

    /** Deferred: a request that fails validation fails as a signal, so the caller's error path releases its key. */
    private Mono<String> create(long userId, OrderRequest request, String idempotencyKey) {
        return Mono.defer(() -> validatedAndCreated(userId, request, idempotencyKey));
    }

    private Mono<String> validatedAndCreated(long userId, OrderRequest request, String idempotencyKey) {
        Instant now = clock.instant();
        Stay stay = Stay.of(request.liveStartTime(), request.liveEndTime(), settings.zone(),
                LocalDate.ofInstant(now, settings.zone()), settings.maxNights(), settings.bookingHorizonDays());
        return homestays.find(request.homestayId())
                .switchIfEmpty(Mono.error(() -> BusinessException.notFound("homestay " + request.homestayId() + " does not exist")))
                .map(homestay -> newOrder(userId, request, homestay, stay, now))
                .flatMap(order -> tx.transactional(orders.insert(order)
                                .then(events.created(order))
                                .then(idempotencyKey == null ? Mono.empty() : keys.complete(userId, idempotencyKey, order.sn())))
                        .thenReturn(order.sn()))
                // a new random sn on the (rare) collision the unique index reports
                .retryWhen(Retry.max(3).filter(e -> e instanceof OrderStore.DuplicateOrderNumberException));
    }

    private Order newOrder(long userId, OrderRequest r, Homestay h, Stay stay, Instant now) {
        if (!h.onShelf()) {
            throw BusinessException.invalidParameter("homestay " + h.id() + " is not available (off shelf)");
        }
        if (r.livePeopleNum() > h.peopleNum()) {
            throw BusinessException.invalidParameter("livePeopleNum " + r.livePeopleNum() + " is above the homestay's capacity of "
                    + h.peopleNum());
        }
        Price price = Price.of(h, stay.nights(), r.livePeopleNum(), r.isFood());
        return new Order(0, numbers.newSn(now), userId, h.id(), h.version(), h.title(), h.subTitle(), h.cover(), h.info(),
                h.peopleNum(), h.rowType(), r.isFood(), h.foodInfo(), h.foodPrice(), h.homestayPrice(),
                h.marketHomestayPrice(), h.homestayBusinessId(), h.userId(), stay.start(), stay.end(), r.livePeopleNum(),
                TradeState.WAIT_PAY, numbers.newTradeCode(), r.remark(), price.total(), price.foodTotal(),
                price.homestayTotal(), now, now.plus(settings.closeAfter()), null, "");
    }

    /** What "the same request" means for an Idempotency-Key: every field of the body. */
    static String hash(OrderRequest r) {
        String canonical = r.homestayId() + "|" + r.isFood() + "|" + r.liveStartTime() + "|" + r.liveEndTime() + "|"
                + r.livePeopleNum() + "|" + r.remark();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
