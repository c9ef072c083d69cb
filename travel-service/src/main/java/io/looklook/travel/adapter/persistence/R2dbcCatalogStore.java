package io.looklook.travel.adapter.persistence;

import io.looklook.travel.application.CatalogStore;
import io.looklook.travel.domain.Homestay;
import io.looklook.travel.domain.HomestayBusiness;
import io.looklook.travel.domain.HomestayChange;
import io.looklook.travel.domain.HomestayComment;
import io.r2dbc.spi.Readable;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The catalog on MariaDB through R2DBC. Every list has a deterministic order (the original's had none). */
@Repository
public class R2dbcCatalogStore implements CatalogStore {

    private static final String HOMESTAY_COLUMNS = "h.id, h.version, h.title, h.sub_title, h.banner, h.info, h.people_num, "
            + "h.homestay_business_id, h.user_id, h.row_state, h.row_type, h.food_info, h.food_price, h.homestay_price, "
            + "h.market_homestay_price";
    private static final String BUSINESS_COLUMNS = "b.id, b.title, b.user_id, b.info, b.boss_info, b.row_state, b.star, "
            + "b.tags, b.cover, b.header_img";
    private static final TypeReference<Map<String, Integer>> STARS = new TypeReference<>() {
    };

    private final DatabaseClient db;
    private final JsonMapper json;

    public R2dbcCatalogStore(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    @Override
    public Mono<Homestay> findHomestay(long id) {
        return db.sql("SELECT " + HOMESTAY_COLUMNS + " FROM homestay h WHERE h.id = :id AND h.del_state = 0")
                .bind("id", id).map(R2dbcCatalogStore::homestay).one();
    }

    @Override
    public Flux<Homestay> preferredHomestays(long offset, int limit) {
        return db.sql("SELECT " + HOMESTAY_COLUMNS + " FROM homestay_activity a JOIN homestay h ON h.id = a.data_id "
                        + "WHERE a.row_type = 'preferredHomestay' AND a.row_status = 1 AND a.del_state = 0 "
                        + "AND h.del_state = 0 AND h.row_state = 1 ORDER BY a.data_id DESC, a.id DESC LIMIT :limit OFFSET :offset")
                .bind("limit", limit).bind("offset", offset).map(R2dbcCatalogStore::homestay).all();
    }

    @Override
    public Flux<Homestay> homestaysOfBusiness(long businessId, long lastId, int limit) {
        return db.sql("SELECT " + HOMESTAY_COLUMNS + " FROM homestay h WHERE h.homestay_business_id = :business "
                        + "AND h.del_state = 0 AND h.row_state = 1 AND (:lastId = 0 OR h.id < :lastId) ORDER BY h.id DESC LIMIT :limit")
                .bind("business", businessId).bind("lastId", lastId).bind("limit", limit)
                .map(R2dbcCatalogStore::homestay).all();
    }

    @Override
    public Flux<Homestay> newestHomestays(int limit) {
        return db.sql("SELECT " + HOMESTAY_COLUMNS + " FROM homestay h WHERE h.del_state = 0 AND h.row_state = 1 "
                        + "ORDER BY h.id DESC LIMIT :limit")
                .bind("limit", limit).map(R2dbcCatalogStore::homestay).all();
    }

    @Override
    public Flux<Homestay> allHomestays() {
        return db.sql("SELECT " + HOMESTAY_COLUMNS + " FROM homestay h WHERE h.del_state = 0 ORDER BY h.id")
                .map(R2dbcCatalogStore::homestay).all();
    }

    @Override
    public Mono<HomestayBusiness> findBusiness(long id) {
        return db.sql("SELECT " + BUSINESS_COLUMNS + " FROM homestay_business b WHERE b.id = :id AND b.del_state = 0")
                .bind("id", id).map(R2dbcCatalogStore::business).one();
    }

    @Override
    public Flux<HomestayBusiness> goodBusinesses(int limit) {
        return db.sql("SELECT " + BUSINESS_COLUMNS + " FROM homestay_activity a JOIN homestay_business b ON b.user_id = a.data_id "
                        + "WHERE a.row_type = 'goodBusiness' AND a.row_status = 1 AND a.del_state = 0 "
                        + "AND b.del_state = 0 AND b.row_state = 1 ORDER BY a.data_id DESC, a.id DESC LIMIT :limit")
                .bind("limit", limit).map(R2dbcCatalogStore::business).all();
    }

    @Override
    public Flux<HomestayBusiness> businesses(long lastId, int limit) {
        return db.sql("SELECT " + BUSINESS_COLUMNS + " FROM homestay_business b WHERE b.del_state = 0 AND b.row_state = 1 "
                        + "AND (:lastId = 0 OR b.id < :lastId) ORDER BY b.id DESC LIMIT :limit")
                .bind("lastId", lastId).bind("limit", limit).map(R2dbcCatalogStore::business).all();
    }

    @Override
    public Flux<HomestayComment> comments(long homestayId, long lastId, int limit) {
        return db.sql("SELECT c.id, c.homestay_id, c.user_id, c.content, c.star FROM homestay_comment c "
                        + "WHERE c.del_state = 0 AND (:homestayId = 0 OR c.homestay_id = :homestayId) "
                        + "AND (:lastId = 0 OR c.id < :lastId) ORDER BY c.id DESC LIMIT :limit")
                .bind("homestayId", homestayId).bind("lastId", lastId).bind("limit", limit)
                .map(row -> new HomestayComment(
                        row.get("id", Long.class), row.get("homestay_id", Long.class), row.get("user_id", Long.class),
                        row.get("content", String.class), json.readValue(row.get("star", String.class), STARS)))
                .all();
    }

    @Override
    public Mono<Homestay> insertHomestay(HomestayChange change, long landlordUserId) {
        return bindChange(db.sql("INSERT INTO homestay (version, title, sub_title, banner, info, people_num, "
                        + "homestay_business_id, user_id, row_state, row_type, food_info, food_price, homestay_price, "
                        + "market_homestay_price) VALUES (1, :title, :subTitle, :banner, :info, :peopleNum, :business, :userId, "
                        + ":rowState, :rowType, :foodInfo, :foodPrice, :homestayPrice, :marketPrice)"), change, landlordUserId)
                .filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get("id", Long.class)).one()
                .flatMap(this::findHomestay);
    }

    @Override
    public Mono<Homestay> updateHomestay(long id, HomestayChange change, long landlordUserId) {
        return bindChange(db.sql("UPDATE homestay SET version = version + 1, title = :title, sub_title = :subTitle, "
                        + "banner = :banner, info = :info, people_num = :peopleNum, homestay_business_id = :business, "
                        + "user_id = :userId, row_state = :rowState, row_type = :rowType, food_info = :foodInfo, "
                        + "food_price = :foodPrice, homestay_price = :homestayPrice, market_homestay_price = :marketPrice "
                        + "WHERE id = :id AND del_state = 0"), change, landlordUserId)
                .bind("id", id).fetch().rowsUpdated()
                .flatMap(updated -> updated == 1 ? findHomestay(id) : Mono.empty());
    }

    @Override
    public Mono<Homestay> deleteHomestay(long id) {
        return findHomestay(id).flatMap(existing -> db.sql("UPDATE homestay SET del_state = 1, delete_time = NOW(), "
                        + "version = version + 1 WHERE id = :id AND del_state = 0")
                .bind("id", id).fetch().rowsUpdated()
                .flatMap(updated -> updated == 1 ? Mono.just(existing) : Mono.empty()));
    }

    @Override
    public Mono<Boolean> claimCatalogPublication() {
        return db.sql("DELETE FROM catalog_publication WHERE id = 1").fetch().rowsUpdated().map(deleted -> deleted == 1);
    }

    private static DatabaseClient.GenericExecuteSpec bindChange(DatabaseClient.GenericExecuteSpec spec, HomestayChange c,
                                                                long landlordUserId) {
        return spec.bind("title", c.title()).bind("subTitle", c.subTitle()).bind("banner", c.banner())
                .bind("info", c.info()).bind("peopleNum", c.peopleNum()).bind("business", c.homestayBusinessId())
                .bind("userId", landlordUserId).bind("rowState", c.rowState()).bind("rowType", c.rowType())
                .bind("foodInfo", c.foodInfo()).bind("foodPrice", c.foodPrice()).bind("homestayPrice", c.homestayPrice())
                .bind("marketPrice", c.marketHomestayPrice());
    }

    private static Homestay homestay(Readable row) {
        return new Homestay(
                row.get("id", Long.class), row.get("version", Long.class),
                row.get("title", String.class), row.get("sub_title", String.class), row.get("banner", String.class),
                row.get("info", String.class), row.get("people_num", Integer.class),
                row.get("homestay_business_id", Long.class), row.get("user_id", Long.class),
                row.get("row_state", Integer.class), row.get("row_type", Integer.class),
                row.get("food_info", String.class), row.get("food_price", Long.class),
                row.get("homestay_price", Long.class), row.get("market_homestay_price", Long.class));
    }

    private static HomestayBusiness business(Readable row) {
        return new HomestayBusiness(
                row.get("id", Long.class), row.get("title", String.class), row.get("user_id", Long.class),
                row.get("info", String.class), row.get("boss_info", String.class), row.get("row_state", Integer.class),
                row.get("star", Double.class), row.get("tags", String.class), row.get("cover", String.class),
                row.get("header_img", String.class));
    }
}
