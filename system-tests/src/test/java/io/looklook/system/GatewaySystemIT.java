package io.looklook.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.system.LooklookStack.Answer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A client that knows only the gateway's address, as one written for the original: it registers, logs in, reads its
 * user info, browses the catalog, places, lists and shows an order, is told to sign in with WeChat to pay, signs in
 * with the mini-program (wxMiniAuth, the sandbox playing WeChat), pays through the sandbox and sees it paid,
 * every answer read with the original's field lists (go-zero-looklook's {@code .api} definitions,
 * {@code app/*}{@code /cmd/api/desc}, commit 135a659). Its tokens come from the user center, nowhere else.
 */
class GatewaySystemIT extends SystemIT {

    static final List<String> TOKEN_RESP = List.of("accessToken", "accessExpire", "refreshAfter");
    static final List<String> USER = List.of("id", "mobile", "nickname", "sex", "avatar", "info");
    static final List<String> HOMESTAY = List.of("id", "title", "subTitle", "banner", "info", "peopleNum",
            "homestayBusinessId", "userId", "rowState", "rowType", "foodInfo", "foodPrice", "homestayPrice",
            "marketHomestayPrice");
    /** UserHomestayOrderListView, and the id this system adds: the keyset cursor a client passes back as lastId. */
    static final List<String> ORDER_LIST_VIEW = List.of("id", "sn", "title", "subTitle", "homestayId", "cover",
            "orderTotalPrice", "createTime", "tradeState", "liveStartDate", "liveEndDate", "tradeCode");
    /** UserHomestayOrderDetailResp, and the pay deadline this system adds. */
    static final List<String> ORDER_DETAIL = List.of("sn", "userId", "homestayId", "title", "subTitle", "cover", "info",
            "foodInfo", "foodPrice", "homestayPrice", "marketHomestayPrice", "homestayBusinessId", "homestayUserId",
            "orderTotalPrice", "createTime", "tradeState", "liveStartDate", "liveEndDate", "tradeCode", "foodTotalPrice",
            "homestayTotalPrice", "remark", "livePeopleNum", "needFood", "payTime", "payType", "payDeadline");
    static final List<String> WX_PAY = List.of("appid", "nonceStr", "paySign", "package", "timestamp", "signType");

    private final String gateway = STACK.gateway.baseUrl();

    @Test
    void aClientOfTheOriginalDoesEverythingThroughTheGatewayAlone() {
        // a register answered 503 (a cold service past its deadline) may have committed: its retry is then 409, and
        // the client registers another number; the first clean 200 is the one checked
        String mobile = null;
        Map<String, Object> registered = null;
        for (int attempt = 0; attempt < 5 && registered == null; attempt++) {
            mobile = "167" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
            Answer answer = call("/usercenter/v1/user/register", null, Map.of("mobile", mobile, "password", "system test password"));
            if (answer.status() != 409) {
                registered = ok(answer);
            }
        }
        assertThat(registered).as("registered").isNotNull();
        assertThat(registered.keySet()).containsExactlyInAnyOrderElementsOf(TOKEN_RESP);
        Map<String, Object> login = ok(call("/usercenter/v1/user/login", null,
                Map.of("mobile", mobile, "password", "system test password")));
        assertThat(login.keySet()).containsExactlyInAnyOrderElementsOf(TOKEN_RESP);
        String token = (String) login.get("accessToken");

        Map<String, Object> info = ok(call("/usercenter/v1/user/detail", token, Map.of()));
        assertThat(info.keySet()).containsExactly("userInfo");
        Map<String, Object> user = map(info.get("userInfo"));
        assertThat(user.keySet()).containsExactlyInAnyOrderElementsOf(USER);
        assertThat(user).containsEntry("mobile", mobile);
        long userId = ((Number) user.get("id")).longValue();

        // the catalog, with the (valid) token sent along as a client does
        List<Map<String, Object>> homestays = list(ok(call("/travel/v1/homestay/homestayList", token,
                Map.of("page", 1, "pageSize", 3))));
        assertThat(homestays).isNotEmpty().allSatisfy(h -> assertThat(h.keySet()).containsExactlyInAnyOrderElementsOf(HOMESTAY));
        long homestayId = ((Number) homestays.get(0).get("id")).longValue();
        Map<String, Object> detail = ok(call("/travel/v1/homestay/homestayDetail", token, Map.of("id", homestayId)));
        assertThat(detail.keySet()).containsExactly("homestay");
        assertThat(map(detail.get("homestay")).keySet()).containsExactlyInAnyOrderElementsOf(HOMESTAY);

        long start = LocalDate.now(SHANGHAI).plusDays(2).atTime(12, 0).atZone(SHANGHAI).toEpochSecond();
        Map<String, Object> placed = ok(retried(() -> call("/order/v1/homestayOrder/createHomestayOrder", token,
                Map.of("homestayId", homestayId, "isFood", false, "liveStartTime", start, "liveEndTime", start + 86_400,
                        "livePeopleNum", 1, "remark", "through the gateway"))));
        assertThat(placed.keySet()).containsExactly("orderSn");
        String sn = (String) placed.get("orderSn");

        List<Map<String, Object>> orders = list(ok(call("/order/v1/homestayOrder/userHomestayOrderList", token,
                Map.of("lastId", 0, "pageSize", 10, "tradeState", -99))));
        // (a placement answered 503 and retried may have committed too: a client without an idempotency key)
        assertThat(orders).isNotEmpty().allSatisfy(o -> assertThat(o.keySet()).containsExactlyInAnyOrderElementsOf(ORDER_LIST_VIEW))
                .anySatisfy(o -> assertThat(o).containsEntry("sn", sn));
        Map<String, Object> shown = ok(call("/order/v1/homestayOrder/userHomestayOrderDetail", token, Map.of("sn", sn)));
        assertThat(shown.keySet()).containsExactlyInAnyOrderElementsOf(ORDER_DETAIL);
        assertThat(shown).containsEntry("userId", (int) userId).containsEntry("tradeState", 0);

        // paying needs the payer's WeChat openid, as in the original: a mobile-only account is told to sign in with WeChat
        Map<String, Object>[] prepay = new Map[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .until(() -> !(prepay[0] = call("/payment/v1/thirdPayment/thirdPaymentWxPay", token,
                        Map.of("orderSn", sn, "serviceType", "homestayOrder")).body()).get("code").equals(100007));
        assertThat(prepay[0]).containsEntry("code", 100012)
                .containsEntry("msg", "Get user wechat openid fail，Please pay before authorization by weChat");

        // the mini-program signs in (the sandbox plays WeChat's phone): the phone number binds the openid to this user
        String openid = "oGatewaySystem" + ThreadLocalRandom.current().nextLong(1_000_000_000L);
        Map<String, Object> phone = ok(call("/usercenter/sandbox/wxMini/login", null, Map.of("openid", openid, "phoneNumber", mobile)));
        Map<String, Object> wxLogin = ok(call("/usercenter/v1/user/wxMiniAuth", null, phone));
        assertThat(wxLogin.keySet()).containsExactlyInAnyOrderElementsOf(TOKEN_RESP);
        String wxToken = (String) wxLogin.get("accessToken");
        assertThat(map(ok(call("/usercenter/v1/user/detail", wxToken, Map.of())).get("userInfo"))).containsEntry("id", user.get("id"));

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .until(() -> (prepay[0] = call("/payment/v1/thirdPayment/thirdPaymentWxPay", wxToken,
                        Map.of("orderSn", sn, "serviceType", "homestayOrder")).body()).get("code").equals(200));
        Map<String, Object> params = map(prepay[0].get("data"));
        assertThat(params.keySet()).containsExactlyInAnyOrderElementsOf(WX_PAY);
        String prepayId = ((String) params.get("package")).substring("prepay_id=".length());
        ok(retried(() -> call("/payment/v1/sandbox/pay", token, Map.of("prepayId", prepayId, "success", true))));

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                Integer.valueOf(1).equals(map(call("/order/v1/homestayOrder/userHomestayOrderDetail", token,
                        Map.of("sn", sn)).body().get("data")).get("tradeState")));
    }

    @Test
    void theGatewayPassesTheServicesRefusalsAndKeepsPublicRoutesOpenToAStaleToken() {
        String forged = io.looklook.testsupport.TestTokens.issue(io.looklook.testsupport.TestTokens.newKey("nobody"), 7L,
                java.time.Instant.now(), Duration.ofMinutes(5));
        for (String route : List.of("/usercenter/v1/user/detail", "/order/v1/homestayOrder/userHomestayOrderList",
                "/payment/v1/thirdPayment/thirdPaymentWxPay")) {
            Answer refused = call(route, forged, Map.of());
            assertThat(refused.status()).as(route).isEqualTo(401);
            assertThat(refused.body()).containsEntry("code", 100003);
        }
        assertThat(call("/travel/v1/homestay/homestayList", forged, Map.of("page", 1, "pageSize", 1)).status()).isEqualTo(200);
        assertThat(call("/mqueue/v1/anything", null, Map.of()).body()).containsEntry("code", 100007);
    }

    @Test
    void theGatewayServesOneApiDocumentForAllServicesAndSwaggerUi() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> docs = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(gateway + "/v3/api-docs")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(docs.statusCode()).isEqualTo(200);
        tools.jackson.databind.JsonNode merged = tools.jackson.databind.json.JsonMapper.builder().build().readTree(docs.body());
        assertThat(merged.path("paths").propertyNames()).contains("/usercenter/v1/user/login", "/usercenter/v1/user/detail",
                "/travel/v1/homestay/homestayList", "/order/v1/homestayOrder/createHomestayOrder",
                "/payment/v1/thirdPayment/thirdPaymentWxPay");
        assertThat(merged.at("/components/securitySchemes/bearerAuth/scheme").asString()).isEqualTo("bearer");
        assertThat(merged.path("components").path("schemas").has("ErrorEnvelope")).isTrue();
        assertThat(merged.at("/info/description").asString()).doesNotContain("could not be fetched");
        java.net.http.HttpResponse<String> ui = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(gateway + "/swagger-ui/index.html")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
    }

    /** Through the gateway, trying again on 503 as a client is told to. */
    private Answer call(String route, String token, Object body) {
        return STACK.sendUntilNot503(gateway, route, token, body);
    }

    /** Retried while a service says "try again" (busy, or its replica has not seen the homestay yet). */
    private static Answer retried(java.util.function.Supplier<Answer> call) {
        Answer[] answer = new Answer[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .until(() -> (answer[0] = call.get()).status() == 200);
        return answer[0];
    }

    private static Map<String, Object> ok(Answer answer) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
        assertThat(answer.body()).containsEntry("code", 200).containsEntry("msg", "OK");
        return map(answer.body().get("data"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> data) {
        assertThat(data.keySet()).containsExactly("list");
        return new ArrayList<>((List<Map<String, Object>>) data.get("list"));
    }
}
