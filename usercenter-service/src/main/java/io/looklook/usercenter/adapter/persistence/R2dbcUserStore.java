package io.looklook.usercenter.adapter.persistence;

import io.looklook.usercenter.application.UserStore;
import io.looklook.usercenter.domain.AuthType;
import io.looklook.usercenter.domain.User;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.Readable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** {@code user} and {@code user_auth} (soft delete: live rows have {@code del_state = 0}, as in looklook). */
@Repository
public class R2dbcUserStore implements UserStore {

    private static final String COLUMNS = "id, mobile, password, nickname, sex, avatar, info, operator";

    private final DatabaseClient db;

    public R2dbcUserStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<User> findByMobile(String mobile) {
        return db.sql("SELECT " + COLUMNS + " FROM user WHERE mobile = :mobile AND del_state = 0")
                .bind("mobile", mobile).map(R2dbcUserStore::user).one();
    }

    @Override
    public Mono<User> findById(long id) {
        return db.sql("SELECT " + COLUMNS + " FROM user WHERE id = :id AND del_state = 0")
                .bind("id", id).map(R2dbcUserStore::user).one();
    }

    @Override
    public Mono<User> lockById(long id) {
        return db.sql("SELECT " + COLUMNS + " FROM user WHERE id = :id AND del_state = 0 FOR UPDATE")
                .bind("id", id).map(R2dbcUserStore::user).one();
    }

    @Override
    public Mono<Void> updateProfile(long id, String nickname, int sex, String avatar, String info) {
        return db.sql("UPDATE user SET nickname = :nickname, sex = :sex, avatar = :avatar, info = :info, version = version + 1 "
                        + "WHERE id = :id AND del_state = 0")
                .bind("nickname", nickname).bind("sex", sex).bind("avatar", avatar).bind("info", info).bind("id", id)
                .fetch().rowsUpdated().then();
    }

    @Override
    public Mono<Long> findUserIdByAuth(AuthType type, String authKey) {
        return db.sql("SELECT user_id FROM user_auth WHERE auth_type = :type AND auth_key = :key AND del_state = 0")
                .bind("type", type.value()).bind("key", authKey)
                .map(row -> row.get("user_id", Long.class)).one();
    }

    @Override
    public Mono<User> insert(User draft, AuthType type, String authKey) {
        return db.sql("INSERT INTO user (mobile, password, nickname, sex, avatar, info, operator) "
                        + "VALUES (:mobile, :password, :nickname, :sex, :avatar, :info, :operator)")
                .bind("mobile", draft.mobile()).bind("password", draft.passwordHash()).bind("nickname", draft.nickname())
                .bind("sex", draft.sex()).bind("avatar", draft.avatar()).bind("info", draft.info())
                .bind("operator", draft.operator())
                .filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get("id", Long.class)).one()
                .flatMap(id -> insertAuth(id, type, authKey).thenReturn(new User(id, draft.mobile(), draft.passwordHash(),
                        draft.nickname(), draft.sex(), draft.avatar(), draft.info(), draft.operator())))
                .onErrorMap(R2dbcUserStore::isDuplicate, TakenException::new);
    }

    @Override
    public Mono<Void> insertAuth(long userId, AuthType type, String authKey) {
        return db.sql("INSERT INTO user_auth (user_id, auth_key, auth_type) VALUES (:userId, :key, :type)")
                .bind("userId", userId).bind("key", authKey).bind("type", type.value())
                .fetch().rowsUpdated()
                .onErrorMap(R2dbcUserStore::isDuplicate, TakenException::new)
                .then();
    }

    @Override
    public Mono<Boolean> markOperator(String mobile) {
        return db.sql("UPDATE user SET operator = 1, version = version + 1 WHERE mobile = :mobile AND del_state = 0")
                .bind("mobile", mobile).fetch().rowsUpdated()
                .flatMap(updated -> updated > 0 ? Mono.just(true)
                        // MariaDB counts changed rows: an operator already is found, not updated
                        : findByMobile(mobile).map(User::operator).defaultIfEmpty(false));
    }

    private static User user(Readable row) {
        return new User(row.get("id", Long.class), row.get("mobile", String.class), row.get("password", String.class),
                row.get("nickname", String.class), row.get("sex", Integer.class), row.get("avatar", String.class),
                row.get("info", String.class), Boolean.TRUE.equals(row.get("operator", Boolean.class)));
    }

    private static boolean isDuplicate(Throwable e) {
        return e instanceof DataIntegrityViolationException || e instanceof R2dbcDataIntegrityViolationException;
    }
}
