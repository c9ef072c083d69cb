package io.looklook.usercenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.looklook.testsupport.TestInfra;
import io.looklook.testsupport.TestTokens;
import io.looklook.testsupport.TopicRecorder;
import io.looklook.usercenter.adapter.kafka.UserTopics;
import io.looklook.usercenter.adapter.web.UserRequests.SandboxLoginReq;
import io.looklook.usercenter.application.Accounts;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The user center's routes against the real database, broker and registry, with the WeChat sandbox. Each test uses
 * its own mobile numbers and its own client address (X-Forwarded-For, which a request from loopback, the gateway's
 * place, may set), so the login limits of one test do not touch another.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "looklook.usercenter.wx-mini.sandbox=true", "looklook.usercenter.wx-mini.app-id=" + UsercenterIT.APP_ID,
        "looklook.usercenter.login.failures-per-mobile=3", "looklook.usercenter.login.mobile-window=15m",
        "looklook.usercenter.login.attempts-per-address=10", "looklook.usercenter.login.address-window=1m"})
@AutoConfigureWebTestClient
class UsercenterIT {

    static final String APP_ID = "wx-usercenter-it";
    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);
    private static TopicRecorder events;

    @Autowired
    WebTestClient http;
    @Autowired
    DatabaseClient db;
    @Autowired
    Accounts accounts;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra.register(registry);
        registry.add("looklook.usercenter.signing-keys", () -> "file:" + TestTokens.get().signingKeysFile());
    }

    @BeforeAll
    static void record() {
        events = TopicRecorder.of(UserTopics.USER_EVENTS);
    }

    @AfterAll
    static void stop() {
        events.close();
    }

    @Test
    void aRegisteredUserLogsInAndReadsItsDetailWithTheOriginalsFields() throws Exception {
        String client = newAddress();
        String mobile = newMobile();
        Map<String, Object> registered = ok(post("/usercenter/v1/user/register", client, null,
                Map.of("mobile", mobile, "password", "correct horse 1")));
        assertThat(registered.keySet()).containsExactlyInAnyOrder("accessToken", "accessExpire", "refreshAfter");
        long now = Instant.now().getEpochSecond();
        long expire = ((Number) registered.get("accessExpire")).longValue();
        assertThat(expire - now).isBetween(Duration.ofDays(7).toSeconds() - 30, Duration.ofDays(7).toSeconds());
        assertThat(((Number) registered.get("refreshAfter")).longValue()).isEqualTo(expire - Duration.ofDays(7).toSeconds() / 2);

        Map<String, Object> login = ok(post("/usercenter/v1/user/login", client, null,
                Map.of("mobile", mobile, "password", "correct horse 1")));
        String token = (String) login.get("accessToken");
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(TestTokens.get().key().getKeyID());
        assertThat(jwt.getJWTClaimsSet().getClaims().keySet()).containsExactlyInAnyOrder("jwtUserId", "iat", "exp");

        @SuppressWarnings("unchecked")
        Map<String, Object> user = (Map<String, Object>) ok(post("/usercenter/v1/user/detail", client, token, Map.of()))
                .get("userInfo");
        assertThat(user.keySet()).containsExactlyInAnyOrder("id", "mobile", "nickname", "sex", "avatar", "info");
        assertThat(user.get("mobile")).isEqualTo(mobile);
        assertThat((String) user.get("nickname")).matches("[0-9a-zA-Z]{8}");
        assertThat(((Number) user.get("id")).longValue()).isEqualTo(jwt.getJWTClaimsSet().getLongClaim("jwtUserId"));

        String stored = db.sql("SELECT password FROM user WHERE mobile = :m").bind("m", mobile)
                .map(r -> r.get(0, String.class)).one().block();
        assertThat(stored).startsWith("{bcrypt}$2").doesNotContain("correct horse");
        long id = ((Number) user.get("id")).longValue();
        await().atMost(Duration.ofSeconds(30)).until(() -> events.count(String.valueOf(id), UserRegistered.class) == 1);
        assertThat(events.events(String.valueOf(id), UserRegistered.class).get(0).getAuthType()).isEqualTo("system");
    }

    @Test
    void theKeySetHoldsOnlyPublicKeysAndVerifiesTheTokens() throws Exception {
        String body = http.get().uri("/.well-known/jwks.json").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        JWKSet published = JWKSet.parse(body);
        assertThat(published.getKeys()).hasSize(1);
        assertThat(published.getKeys().get(0).isPrivate()).isFalse();
        assertThat(body).doesNotContain("\"d\"").doesNotContain("\"p\"");
        assertThat(published.getKeys().get(0).getKeyID()).isEqualTo(TestTokens.get().key().getKeyID());
    }

    @Test
    void aTakenMobileIsAClearConflictAndChangesNothing() {
        String client = newAddress();
        String mobile = newMobile();
        ok(post("/usercenter/v1/user/register", client, null, Map.of("mobile", mobile, "password", "first password")));
        post("/usercenter/v1/user/register", client, null, Map.of("mobile", mobile, "password", "second password"))
                .expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.code").isEqualTo(100008).jsonPath("$.msg").isEqualTo("user has been registered");
        ok(post("/usercenter/v1/user/login", client, null, Map.of("mobile", mobile, "password", "first password")));
    }

    @Test
    void badInputIsRefusedWithTheFieldAndCreatesNoUser() {
        String client = newAddress();
        for (Object body : new Object[]{
                Map.of("mobile", "1380000", "password", "long enough"),
                Map.of("mobile", "23800000000", "password", "long enough"),
                Map.of("mobile", "1380000000a", "password", "long enough"),
                Map.of("mobile", 13800000001L, "password", "long enough"),
                Map.of("mobile", "13800000002", "password", "short"),
                Map.of("mobile", "13800000003", "password", "密码".repeat(20)),
                Map.of("password", "long enough"),
                Map.of("mobile", "13800000004"),
                "{\"mobile\":", "[]"}) {
            post("/usercenter/v1/user/register", client, null, body).expectStatus().isBadRequest().expectBody()
                    .jsonPath("$.code").isEqualTo(100002)
                    .jsonPath("$.msg").value(m -> assertThat((String) m).startsWith("invalid parameter").doesNotContain("io.looklook"));
        }
        Long users = db.sql("SELECT COUNT(*) FROM user WHERE mobile IN ('13800000001', '13800000002', '13800000003', '13800000004')")
                .map(r -> r.get(0, Long.class)).one().block();
        assertThat(users).isZero();
    }

    @Test
    void aWrongMobileAndAWrongPasswordGetTheSameAnswer() {
        String client = newAddress();
        String mobile = newMobile();
        ok(post("/usercenter/v1/user/register", client, null, Map.of("mobile", mobile, "password", "the password")));
        String wrongPassword = post("/usercenter/v1/user/login", client, null, Map.of("mobile", mobile, "password", "not it"))
                .expectStatus().isUnauthorized().expectBody(String.class).returnResult().getResponseBody();
        String wrongMobile = post("/usercenter/v1/user/login", client, null, Map.of("mobile", newMobile(), "password", "not it"))
                .expectStatus().isUnauthorized().expectBody(String.class).returnResult().getResponseBody();
        assertThat(wrongPassword).isEqualTo(wrongMobile).isEqualTo("{\"code\":100010,\"msg\":\"account or password incorrect\"}");
    }

    @Test
    void failedLoginsAreLimitedPerMobileEvenWithTheRightPasswordAfterwards() {
        String mobile = newMobile();
        ok(post("/usercenter/v1/user/register", newAddress(), null, Map.of("mobile", mobile, "password", "the password")));
        for (int i = 0; i < 3; i++) { // from three addresses: the limit is the account's
            post("/usercenter/v1/user/login", newAddress(), null, Map.of("mobile", mobile, "password", "guess " + i))
                    .expectStatus().isUnauthorized();
        }
        post("/usercenter/v1/user/login", newAddress(), null, Map.of("mobile", mobile, "password", "the password"))
                .expectStatus().isEqualTo(429).expectHeader().exists("Retry-After").expectBody()
                .jsonPath("$.code").isEqualTo(100011)
                .jsonPath("$.msg").value(m -> assertThat((String) m).startsWith("too many failed logins for this account"));
        String other = newMobile();
        ok(post("/usercenter/v1/user/register", newAddress(), null, Map.of("mobile", other, "password", "the password")));
        ok(post("/usercenter/v1/user/login", newAddress(), null, Map.of("mobile", other, "password", "the password")));
    }

    @Test
    void attemptsAreLimitedPerClientAddress() {
        String client = newAddress();
        for (int i = 0; i < 10; i++) {
            post("/usercenter/v1/user/login", client, null, Map.of("mobile", newMobile(), "password", "spray"))
                    .expectStatus().isUnauthorized();
        }
        post("/usercenter/v1/user/login", client, null, Map.of("mobile", newMobile(), "password", "spray"))
                .expectStatus().isEqualTo(429).expectHeader().exists("Retry-After").expectBody()
                .jsonPath("$.code").isEqualTo(100011)
                .jsonPath("$.msg").value(m -> assertThat((String) m).startsWith("too many attempts from this address"));
        post("/usercenter/v1/user/login", newAddress(), null, Map.of("mobile", newMobile(), "password", "spray"))
                .expectStatus().isUnauthorized();
    }

    @Test
    void aFirstWechatLoginRegistersTheUserAndLinksItsOpenid() throws Exception {
        String client = newAddress();
        String phone = newMobile();
        String openid = "openid-" + phone;
        Map<String, Object> sealed = ok(post("/usercenter/sandbox/wxMini/login", client, null, new SandboxLoginReq(openid, phone)));
        String token = (String) ok(post("/usercenter/v1/user/wxMiniAuth", client, null, sealed)).get("accessToken");
        @SuppressWarnings("unchecked")
        Map<String, Object> user = (Map<String, Object>) ok(post("/usercenter/v1/user/detail", client, token, Map.of())).get("userInfo");
        assertThat(user.get("mobile")).isEqualTo(phone);
        assertThat(user.get("nickname")).isEqualTo("LookLook" + phone.substring(7));
        long id = ((Number) user.get("id")).longValue();

        // the code was used: WeChat refuses it a second time
        post("/usercenter/v1/user/wxMiniAuth", client, null, sealed).expectStatus().isUnauthorized().expectBody()
                .jsonPath("$.code").isEqualTo(100010)
                .jsonPath("$.msg").value(m -> assertThat((String) m).startsWith("wechat mini auth fail"));
        // a new code for the same openid logs the same user in
        Map<String, Object> again = ok(post("/usercenter/sandbox/wxMini/login", client, null, new SandboxLoginReq(openid, phone)));
        String second = (String) ok(post("/usercenter/v1/user/wxMiniAuth", client, null, again)).get("accessToken");
        assertThat(userId(second)).isEqualTo(id);

        await().atMost(Duration.ofSeconds(30)).until(() -> events.count(String.valueOf(id), UserAuthLinked.class) == 1);
        UserAuthLinked linked = events.events(String.valueOf(id), UserAuthLinked.class).get(0);
        assertThat(linked.getAuthType()).isEqualTo("wxMini");
        assertThat(linked.getAuthKey()).isEqualTo(openid);
        assertThat(events.events(String.valueOf(id), UserRegistered.class)).singleElement()
                .satisfies(e -> assertThat(e.getAuthType()).isEqualTo("wxMini"));
    }

    @Test
    void aWechatLoginWithTheMobileOfARegisteredUserIsBoundToThatUser() throws Exception {
        String client = newAddress();
        String phone = newMobile();
        String token = (String) ok(post("/usercenter/v1/user/register", client, null,
                Map.of("mobile", phone, "password", "the password"))).get("accessToken");
        Map<String, Object> sealed = ok(post("/usercenter/sandbox/wxMini/login", client, null,
                new SandboxLoginReq("openid-bound-" + phone, phone)));
        String wechat = (String) ok(post("/usercenter/v1/user/wxMiniAuth", client, null, sealed)).get("accessToken");
        assertThat(userId(wechat)).isEqualTo(userId(token));
    }

    @Test
    void wechatDataThatDoesNotOpenOrWasSealedForAnotherAppIsRefused() {
        String client = newAddress();
        String phone = newMobile();
        Map<String, Object> sealed = ok(post("/usercenter/sandbox/wxMini/login", client, null,
                new SandboxLoginReq("openid-tampered-" + phone, phone)));
        Map<String, Object> tampered = Map.of("code", sealed.get("code"), "iv", sealed.get("iv"),
                "encryptedData", "AAAAAAAAAAAAAAAAAAAAAA==");
        post("/usercenter/v1/user/wxMiniAuth", client, null, tampered).expectStatus().isUnauthorized().expectBody()
                .jsonPath("$.code").isEqualTo(100010);
        post("/usercenter/v1/user/wxMiniAuth", client, null, Map.of("code", "never-issued", "iv", "x", "encryptedData", "y"))
                .expectStatus().isUnauthorized();
        post("/usercenter/v1/user/wxMiniAuth", client, null, Map.of("code", "", "iv", "x", "encryptedData", "y"))
                .expectStatus().isBadRequest();
    }

    @Test
    void detailRefusesEveryBadToken() {
        String client = newAddress();
        post("/usercenter/v1/user/detail", client, null, Map.of()).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo(100003);
        TestTokens.get().refusedTokens(1).forEach((what, bad) ->
                post("/usercenter/v1/user/detail", client, bad, Map.of()).expectStatus().isUnauthorized()
                        .expectBody().jsonPath("$.code").isEqualTo(100003));
        post("/usercenter/v1/user/detail", client, TestTokens.get().forUser(999_999_999L), Map.of())
                .expectStatus().isNotFound().expectBody().jsonPath("$.msg").isEqualTo("user does not exist");
    }

    @Test
    void onlyOperatorsGetTheAdminScopes() throws Exception {
        String client = newAddress();
        String mobile = newMobile();
        String before = (String) ok(post("/usercenter/v1/user/register", client, null,
                Map.of("mobile", mobile, "password", "the password"))).get("accessToken");
        assertThat(SignedJWT.parse(before).getJWTClaimsSet().getClaim("scope")).isNull();
        assertThat(accounts.grantOperator(mobile).block()).isTrue();
        assertThat(accounts.grantOperator(mobile).block()).isTrue();
        assertThat(accounts.grantOperator(newMobile()).block()).isFalse();
        Map<String, Object> login = ok(post("/usercenter/v1/user/login", client, null, Map.of("mobile", mobile, "password", "the password")));
        var claims = SignedJWT.parse((String) login.get("accessToken")).getJWTClaimsSet();
        assertThat(Set.of(claims.getStringClaim("scope").split(" "))).containsExactlyInAnyOrder("catalog:write", "scheduler:admin", "payments:admin", "ops:read");
        assertThat(claims.getExpirationTime().toInstant()).isBefore(Instant.now().plus(Duration.ofHours(1)).plusSeconds(5));
        // the local profile's operator account is local data: not in this database
        post("/usercenter/v1/user/login", client, null, Map.of("mobile", "13800000000", "password", "looklook-operator"))
                .expectStatus().isUnauthorized();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aProfileChangeIsShownAndPublishedWholeOnceAndASameProfileAgainPublishesNothing() throws Exception {
        String client = newAddress();
        String token = (String) ok(post("/usercenter/v1/user/register", client, null,
                Map.of("mobile", newMobile(), "password", "the password"))).get("accessToken");
        String id = String.valueOf(userId(token));
        Map<String, Object> lily = Map.of("nickname", "Lily 莉莉", "sex", 1, "avatar", "https://example.com/lily.png",
                "info", "likes quiet courtyards");

        Map<String, Object> shown = (Map<String, Object>) ok(post("/usercenter/v1/user/updateInfo", client, token, lily)).get("userInfo");
        assertThat(shown).containsAllEntriesOf(lily).containsKeys("id", "mobile");
        assertThat((Map<String, Object>) ok(post("/usercenter/v1/user/detail", client, token, Map.of())).get("userInfo"))
                .isEqualTo(shown);
        ok(post("/usercenter/v1/user/updateInfo", client, token, lily)); // the same profile: nothing to tell
        ok(post("/usercenter/v1/user/updateInfo", client, token, Map.of("nickname", "Lily", "sex", 1, "avatar", "", "info", "")));

        // the last change's event is the marker: the repeat in between, had it published, would be before it
        await().atMost(Duration.ofSeconds(30)).until(() -> events.events(id, UserProfileChanged.class).stream()
                .anyMatch(e -> e.getNickname().toString().equals("Lily")));
        assertThat(events.events(id, UserProfileChanged.class)).extracting(e -> e.getNickname().toString(), UserProfileChanged::getSex,
                e -> e.getAvatar().toString(), e -> e.getInfo().toString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Lily 莉莉", 1, "https://example.com/lily.png", "likes quiet courtyards"),
                        org.assertj.core.groups.Tuple.tuple("Lily", 1, "", ""));
    }

    @Test
    void aBadProfileIsRefusedWithTheFieldAndChangesNothing() throws Exception {
        String client = newAddress();
        String token = (String) ok(post("/usercenter/v1/user/register", client, null,
                Map.of("mobile", newMobile(), "password", "the password"))).get("accessToken");
        for (Map<String, Object> body : java.util.List.<Map<String, Object>>of(
                Map.of("nickname", "x", "sex", 2, "avatar", "", "info", ""),
                Map.of("nickname", "", "sex", 0, "avatar", "", "info", ""),
                Map.of("nickname", "n".repeat(65), "sex", 0, "avatar", "", "info", ""),
                Map.of("nickname", "x", "sex", 0, "avatar", "a".repeat(256), "info", ""),
                Map.of("nickname", "x", "sex", "female", "avatar", "", "info", ""),
                Map.of("nickname", "x", "sex", 0, "avatar", ""))) {
            post("/usercenter/v1/user/updateInfo", client, token, body).expectStatus().isBadRequest().expectBody()
                    .jsonPath("$.code").isEqualTo(100002);
        }
        post("/usercenter/v1/user/updateInfo", client, null, Map.of("nickname", "x", "sex", 0, "avatar", "", "info", ""))
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo(100003);
        assertThat(db.sql("SELECT version FROM user WHERE id = :id").bind("id", userId(token))
                .map(r -> ((Number) r.get(0)).longValue()).one().block()).isZero();
    }

    private static long userId(String token) throws Exception {
        return SignedJWT.parse(token).getJWTClaimsSet().getLongClaim("jwtUserId");
    }

    private WebTestClient.ResponseSpec post(String route, String client, String token, Object body) {
        return http.post().uri(route).contentType(MediaType.APPLICATION_JSON).header("X-Forwarded-For", client)
                .headers(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                })
                .bodyValue(body).exchange();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ok(WebTestClient.ResponseSpec response) {
        Map<String, Object> envelope = response.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(envelope).containsEntry("code", 200);
        return (Map<String, Object>) envelope.get("data");
    }

    private static String newAddress() {
        int n = ADDRESSES.getAndIncrement();
        return "198.51." + (n / 250) + "." + (n % 250 + 1);
    }

    /** A fresh mainland mobile number (166 then 8 random digits). */
    private static String newMobile() {
        return "166" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }
}
