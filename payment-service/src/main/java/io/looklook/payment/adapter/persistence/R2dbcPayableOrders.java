package io.looklook.payment.adapter.persistence;

import static io.looklook.payment.adapter.persistence.Utc.instant;
import static io.looklook.payment.adapter.persistence.Utc.utc;

import io.looklook.payment.application.PayableOrders;
import io.looklook.payment.domain.PayableOrder;
import java.time.LocalDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The payable-order view on MariaDB ({@code payable_order}). */
@Repository
public class R2dbcPayableOrders implements PayableOrders {

    private final DatabaseClient db;

    public R2dbcPayableOrders(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Void> created(PayableOrder o) {
        return db.sql("INSERT IGNORE INTO payable_order (order_sn, user_id, total, pay_deadline, state) "
                        + "VALUES (:sn, :userId, :total, :deadline, :state)")
                .bind("sn", o.orderSn()).bind("userId", o.userId()).bind("total", o.total())
                .bind("deadline", utc(o.payDeadline())).bind("state", o.state().name())
                .fetch().rowsUpdated().then();
    }

    @Override
    public Mono<Void> moved(String orderSn, PayableOrder.State state) {
        return db.sql("UPDATE payable_order SET state = :state WHERE order_sn = :sn")
                .bind("state", state.name()).bind("sn", orderSn).fetch().rowsUpdated().then();
    }

    @Override
    public Mono<PayableOrder> find(String orderSn) {
        return select(orderSn, "");
    }

    @Override
    public Mono<PayableOrder> lock(String orderSn) {
        return select(orderSn, " FOR UPDATE");
    }

    private Mono<PayableOrder> select(String orderSn, String lock) {
        return db.sql("SELECT order_sn, user_id, total, pay_deadline, state FROM payable_order WHERE order_sn = :sn" + lock)
                .bind("sn", orderSn)
                .map(r -> new PayableOrder(r.get("order_sn", String.class), r.get("user_id", Long.class), r.get("total", Long.class),
                        instant(r.get("pay_deadline", LocalDateTime.class)), PayableOrder.State.valueOf(r.get("state", String.class))))
                .one();
    }
}
