package io.looklook.order.adapter.persistence;

import io.looklook.order.application.HomestayReplica;
import io.looklook.order.domain.Homestay;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The catalog copy: upsert by id, keeping only the highest version (a replayed old snapshot changes nothing). */
@Repository
public class R2dbcHomestayReplica implements HomestayReplica {

    private static final String VALUES = ":id, :version, :title, :subTitle, :banner, :info, :peopleNum, :business, :userId, "
            + ":rowState, :rowType, :foodInfo, :foodPrice, :homestayPrice, :marketPrice";

    private final DatabaseClient db;

    public R2dbcHomestayReplica(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Homestay> find(long id) {
        return db.sql("SELECT * FROM homestay_replica WHERE id = :id").bind("id", id)
                .map(r -> new Homestay(r.get("id", Long.class), r.get("version", Long.class), r.get("title", String.class),
                        r.get("sub_title", String.class), r.get("banner", String.class), r.get("info", String.class),
                        r.get("people_num", Integer.class), r.get("homestay_business_id", Long.class),
                        r.get("user_id", Long.class), r.get("row_state", Integer.class), r.get("row_type", Integer.class),
                        r.get("food_info", String.class), r.get("food_price", Long.class), r.get("homestay_price", Long.class),
                        r.get("market_homestay_price", Long.class)))
                .one();
    }

    @Override
    public Mono<Boolean> apply(Homestay h) {
        // the IF()s read the old version, so `version` is assigned last
        return bind(db.sql("INSERT INTO homestay_replica (id, version, title, sub_title, banner, info, people_num, "
                + "homestay_business_id, user_id, row_state, row_type, food_info, food_price, homestay_price, "
                + "market_homestay_price) VALUES (" + VALUES + ") ON DUPLICATE KEY UPDATE "
                + "title = IF(VALUES(version) > version, VALUES(title), title), "
                + "sub_title = IF(VALUES(version) > version, VALUES(sub_title), sub_title), "
                + "banner = IF(VALUES(version) > version, VALUES(banner), banner), "
                + "info = IF(VALUES(version) > version, VALUES(info), info), "
                + "people_num = IF(VALUES(version) > version, VALUES(people_num), people_num), "
                + "homestay_business_id = IF(VALUES(version) > version, VALUES(homestay_business_id), homestay_business_id), "
                + "user_id = IF(VALUES(version) > version, VALUES(user_id), user_id), "
                + "row_state = IF(VALUES(version) > version, VALUES(row_state), row_state), "
                + "row_type = IF(VALUES(version) > version, VALUES(row_type), row_type), "
                + "food_info = IF(VALUES(version) > version, VALUES(food_info), food_info), "
                + "food_price = IF(VALUES(version) > version, VALUES(food_price), food_price), "
                + "homestay_price = IF(VALUES(version) > version, VALUES(homestay_price), homestay_price), "
                + "market_homestay_price = IF(VALUES(version) > version, VALUES(market_homestay_price), market_homestay_price), "
                + "version = GREATEST(version, VALUES(version))"), h)
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    @Override
    public Mono<Void> remove(long id) {
        return db.sql("DELETE FROM homestay_replica WHERE id = :id").bind("id", id).fetch().rowsUpdated().then();
    }

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec s, Homestay h) {
        return s.bind("id", h.id()).bind("version", h.version()).bind("title", h.title()).bind("subTitle", h.subTitle())
                .bind("banner", h.banner()).bind("info", h.info()).bind("peopleNum", h.peopleNum())
                .bind("business", h.homestayBusinessId()).bind("userId", h.userId()).bind("rowState", h.rowState())
                .bind("rowType", h.rowType()).bind("foodInfo", h.foodInfo()).bind("foodPrice", h.foodPrice())
                .bind("homestayPrice", h.homestayPrice()).bind("marketPrice", h.marketHomestayPrice());
    }
}
