package io.looklook.order.adapter.persistence;

import io.looklook.order.application.OrderStore;
import io.looklook.order.domain.Order;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Orders on MariaDB; instants are stored as UTC {@code DATETIME(3)}. */
@Repository
public class R2dbcOrderStore implements OrderStore {

    private static final String COLUMNS = "id, sn, user_id, homestay_id, title, sub_title, cover, info, people_num, row_type, "
            + "need_food, food_info, food_price, homestay_price, market_homestay_price, homestay_business_id, homestay_user_id, "
            + "live_start_date, live_end_date, live_people_num, trade_state, trade_code, remark, order_total_price, "
            + "food_total_price, homestay_total_price, create_time, pay_deadline, pay_time, pay_type";

    private final DatabaseClient db;

    public R2dbcOrderStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Void> insert(Order o) {
        return db.sql("INSERT INTO homestay_order (create_time, sn, user_id, homestay_id, title, sub_title, cover, info, "
                        + "people_num, row_type, need_food, food_info, food_price, homestay_price, market_homestay_price, "
                        + "homestay_business_id, homestay_user_id, live_start_date, live_end_date, live_people_num, trade_state, "
                        + "trade_code, remark, order_total_price, food_total_price, homestay_total_price, pay_deadline) VALUES "
                        + "(:createTime, :sn, :userId, :homestayId, :title, :subTitle, :cover, :info, :peopleNum, :rowType, "
                        + ":needFood, :foodInfo, :foodPrice, :homestayPrice, :marketPrice, :businessId, :landlord, :start, :end, "
                        + ":people, :tradeState, :tradeCode, :remark, :total, :foodTotal, :homestayTotal, :payDeadline)")
                .bind("createTime", utc(o.createTime())).bind("sn", o.sn()).bind("userId", o.userId())
                .bind("homestayId", o.homestayId()).bind("title", o.title()).bind("subTitle", o.subTitle())
                .bind("cover", o.cover()).bind("info", o.info()).bind("peopleNum", o.peopleNum()).bind("rowType", o.rowType())
                .bind("needFood", o.needFood() ? 1 : 0).bind("foodInfo", o.foodInfo()).bind("foodPrice", o.foodPrice())
                .bind("homestayPrice", o.homestayPrice()).bind("marketPrice", o.marketHomestayPrice())
                .bind("businessId", o.homestayBusinessId()).bind("landlord", o.homestayUserId())
                .bind("start", o.liveStartDate()).bind("end", o.liveEndDate()).bind("people", o.livePeopleNum())
                .bind("tradeState", o.tradeState()).bind("tradeCode", o.tradeCode()).bind("remark", o.remark())
                .bind("total", o.orderTotalPrice()).bind("foodTotal", o.foodTotalPrice())
                .bind("homestayTotal", o.homestayTotalPrice()).bind("payDeadline", utc(o.payDeadline()))
                .fetch().rowsUpdated()
                .onErrorMap(R2dbcOrderStore::isDuplicate, DuplicateOrderNumberException::new)
                .then();
    }

    @Override
    public Flux<Order> listByUser(long userId, long lastId, int limit, Integer tradeState) {
        return db.sql("SELECT " + COLUMNS + " FROM homestay_order WHERE user_id = :userId AND del_state = 0 "
                        + "AND (:lastId = 0 OR id < :lastId) AND (:anyState = 1 OR trade_state = :state) "
                        + "ORDER BY id DESC LIMIT :limit")
                .bind("userId", userId).bind("lastId", lastId).bind("anyState", tradeState == null ? 1 : 0)
                .bind("state", tradeState == null ? 0 : tradeState).bind("limit", limit)
                .map(R2dbcOrderStore::order).all();
    }

    @Override
    public Mono<Order> findBySn(String sn) {
        return db.sql("SELECT " + COLUMNS + " FROM homestay_order WHERE sn = :sn AND del_state = 0")
                .bind("sn", sn).map(R2dbcOrderStore::order).one();
    }

    @Override
    public Mono<Order> lockBySn(String sn) {
        return db.sql("SELECT " + COLUMNS + " FROM homestay_order WHERE sn = :sn AND del_state = 0 FOR UPDATE")
                .bind("sn", sn).map(R2dbcOrderStore::order).one();
    }

    @Override
    public Mono<Boolean> closeIfWaiting(String sn) {
        // conditional on the prior state: a payment that got there first wins, and a repeat changes nothing
        return db.sql("UPDATE homestay_order SET trade_state = -1, version = version + 1 WHERE sn = :sn AND trade_state = 0 "
                        + "AND del_state = 0")
                .bind("sn", sn).fetch().rowsUpdated().map(n -> n == 1);
    }

    @Override
    public Mono<Boolean> payIfWaiting(String sn, String paymentSn, Instant payTime, String payType) {
        return db.sql("UPDATE homestay_order SET trade_state = 1, pay_time = :payTime, pay_type = :payType, pay_sn = :paySn, "
                        + "version = version + 1 WHERE sn = :sn AND trade_state = 0 AND del_state = 0")
                .bind("payTime", utc(payTime)).bind("payType", payType).bind("paySn", paymentSn).bind("sn", sn)
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    @Override
    public Mono<String> paymentSn(String sn) {
        return db.sql("SELECT pay_sn FROM homestay_order WHERE sn = :sn FOR UPDATE").bind("sn", sn)
                .map(r -> r.get("pay_sn", String.class)).one();
    }

    private static boolean isDuplicate(Throwable e) {
        return e instanceof DataIntegrityViolationException || e instanceof R2dbcDataIntegrityViolationException;
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }

    private static Order order(Readable r) {
        return new Order(r.get("id", Long.class), r.get("sn", String.class), r.get("user_id", Long.class),
                r.get("homestay_id", Long.class), 0, r.get("title", String.class), r.get("sub_title", String.class),
                r.get("cover", String.class), r.get("info", String.class), r.get("people_num", Integer.class),
                r.get("row_type", Integer.class), r.get("need_food", Integer.class) == 1, r.get("food_info", String.class),
                r.get("food_price", Long.class), r.get("homestay_price", Long.class), r.get("market_homestay_price", Long.class),
                r.get("homestay_business_id", Long.class), r.get("homestay_user_id", Long.class),
                r.get("live_start_date", LocalDate.class), r.get("live_end_date", LocalDate.class),
                r.get("live_people_num", Integer.class), r.get("trade_state", Integer.class), r.get("trade_code", String.class),
                r.get("remark", String.class), r.get("order_total_price", Long.class), r.get("food_total_price", Long.class),
                r.get("homestay_total_price", Long.class), instant(r.get("create_time", LocalDateTime.class)),
                instant(r.get("pay_deadline", LocalDateTime.class)), instant(r.get("pay_time", LocalDateTime.class)),
                r.get("pay_type", String.class));
    }
}
