package io.looklook.usercenter.application;

import io.looklook.platform.error.BusinessException;
import io.looklook.platform.error.ErrorCode;
import io.looklook.usercenter.config.UsercenterProperties;
import io.looklook.usercenter.domain.AuthType;
import io.looklook.usercenter.domain.Mobile;
import io.looklook.usercenter.domain.User;
import java.security.SecureRandom;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * looklook's user center: register, log in, wxMiniAuth, detail. Every new user and sign-in method is written with its
 * event on {@code user.events} in one transaction.
 */
@Service
public class Accounts {

    private static final String NICKNAME_CHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserStore store;
    private final UserEvents events;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final TokenIssuer tokens;
    private final WxMiniLogin wechat;
    private final UsercenterProperties properties;
    private final TransactionalOperator tx;

    public Accounts(UserStore store, UserEvents events, Passwords passwords, LoginThrottle throttle, TokenIssuer tokens,
                    WxMiniLogin wechat, UsercenterProperties properties, TransactionalOperator tx) {
        this.store = store;
        this.events = events;
        this.passwords = passwords;
        this.throttle = throttle;
        this.tokens = tokens;
        this.wechat = wechat;
        this.properties = properties;
        this.tx = tx;
    }

    /** A new user with mobile + password (the original's random 8-character nickname). */
    public Mono<IssuedToken> register(String mobile, String password, String clientAddress) {
        return Mono.fromRunnable(() -> {
                    throttle.admitAttempt(clientAddress);
                    checkPassword(password);
                })
                .then(passwords.hash(password))
                .flatMap(hash -> tx.transactional(store.insert(new User(0, mobile, hash, randomNickname(), 0, "", "", false),
                                AuthType.SYSTEM, mobile)
                        .flatMap(user -> events.registered(user, AuthType.SYSTEM).thenReturn(user))))
                .onErrorMap(UserStore.TakenException.class, e -> BusinessException.conflict("user has been registered"))
                .map(tokens::issue);
    }

    /**
     * Mobile + password. A wrong mobile and a wrong password get the same answer after the same work; failures are
     * limited per mobile and attempts per client address.
     */
    public Mono<IssuedToken> login(String mobile, String password, String clientAddress) {
        return Mono.fromRunnable(() -> {
                    throttle.admitAttempt(clientAddress);
                    throttle.checkMobile(mobile);
                })
                .then(store.findByMobile(mobile).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .flatMap(user -> passwords.matches(password, user.map(User::passwordHash).orElse(null))
                        .flatMap(matches -> {
                            if (!matches || user.isEmpty()) {
                                throttle.failed(mobile);
                                return Mono.error(new BusinessException(ErrorCode.LOGIN_FAILED,
                                        ErrorCode.LOGIN_FAILED.defaultMessage()));
                            }
                            return Mono.just(tokens.issue(user.get()));
                        }));
    }

    /**
     * The mini-program login: WeChat's code names the openid; the sealed phone number names the account. A known
     * openid logs its user in; an unknown one is bound to the user with that mobile, or to a new user (nickname
     * "LookLook" + the last four digits, no password), with {@code UserAuthLinked} telling payment-service the openid.
     */
    public Mono<IssuedToken> wxMiniAuth(String code, String iv, String encryptedData, String clientAddress) {
        return Mono.fromRunnable(() -> throttle.admitAttempt(clientAddress))
                .then(wechat.code2Session(code))
                .onErrorMap(WxMiniLogin.RefusedCodeException.class, e -> wxFailure(e.getMessage()))
                .flatMap(session -> {
                    String phone;
                    try {
                        phone = WxMiniCrypto.phoneNumber(session.sessionKey(), encryptedData, iv, properties.wxMini().appId());
                    } catch (IllegalArgumentException e) {
                        return Mono.error(wxFailure(e.getMessage()));
                    }
                    if (!Mobile.isValid(phone)) {
                        return Mono.error(wxFailure("the WeChat phone number is not a mainland China mobile number"));
                    }
                    return userForOpenid(session.openid(), phone)
                            // two first logins of one user at once: the loser finds the winner's binding
                            .retryWhen(Retry.max(1).filter(UserStore.TakenException.class::isInstance))
                            .onErrorMap(UserStore.TakenException.class, e -> BusinessException.conflict(
                                    "the mobile of this WeChat account belongs to a user bound to another WeChat account"));
                })
                .map(tokens::issue);
    }

    private Mono<User> userForOpenid(String openid, String phone) {
        Mono<User> known = store.findUserIdByAuth(AuthType.WX_MINI, openid).flatMap(store::findById);
        Mono<User> bindOrCreate = tx.transactional(store.findByMobile(phone)
                .flatMap(existing -> store.insertAuth(existing.id(), AuthType.WX_MINI, openid).thenReturn(existing))
                .switchIfEmpty(Mono.defer(() -> store.insert(
                                new User(0, phone, "", Mobile.wechatNickname(phone), 0, "", "", false), AuthType.WX_MINI, openid)
                        .flatMap(created -> events.registered(created, AuthType.WX_MINI).thenReturn(created))))
                .flatMap(user -> events.authLinked(user.id(), AuthType.WX_MINI, openid).thenReturn(user)));
        return known.switchIfEmpty(Mono.defer(() -> bindOrCreate));
    }

    public Mono<User> detail(long userId) {
        return store.findById(userId).switchIfEmpty(Mono.error(() -> BusinessException.notFound("user does not exist")));
    }

    /**
     * Replaces the user's public profile (nickname, sex, avatar, info) and tells the others with
     * {@code UserProfileChanged}, in one transaction; the same profile again changes nothing and tells nobody. The
     * row is locked, so two changes of one user commit, and are published, in the order they were made.
     */
    public Mono<User> updateProfile(long userId, String nickname, int sex, String avatar, String info) {
        return tx.transactional(store.lockById(userId)
                .switchIfEmpty(Mono.error(() -> BusinessException.notFound("user does not exist")))
                .flatMap(user -> {
                    User changed = new User(user.id(), user.mobile(), user.passwordHash(), nickname, sex, avatar, info,
                            user.operator());
                    return changed.equals(user) ? Mono.just(user)
                            : store.updateProfile(userId, nickname, sex, avatar, info)
                                    .then(events.profileChanged(changed)).thenReturn(changed);
                }));
    }

    /** Gives the user with {@code mobile} the operator role (their next token carries the admin scopes). */
    public Mono<Boolean> grantOperator(String mobile) {
        return store.markOperator(mobile);
    }

    private static void checkPassword(String password) {
        if (!Passwords.fitsBcrypt(password)) {
            throw BusinessException.invalidParameter("invalid parameter: password must be at most " + Passwords.MAX_BYTES
                    + " bytes in UTF-8");
        }
    }

    private static BusinessException wxFailure(String why) {
        return new BusinessException(ErrorCode.LOGIN_FAILED, "wechat mini auth fail: " + why);
    }

    private static String randomNickname() {
        StringBuilder nickname = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            nickname.append(NICKNAME_CHARS.charAt(RANDOM.nextInt(NICKNAME_CHARS.length())));
        }
        return nickname.toString();
    }
}
