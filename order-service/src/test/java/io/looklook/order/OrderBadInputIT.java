package io.looklook.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Every kind of bad input: an envelope error, no order row, no OrderCreated. */
class OrderBadInputIT extends OrderIT {

    @Test
    void badOrdersAreRefusedAndChangeNothing() {
        long homestay = newHomestay(3, 10000, 1000);
        long offShelf = publishHomestay(homestay + 500_000, 1, 3, 0, 0, 10000, 0);
        long user = newUser();
        String remark65 = "r".repeat(65);
        List<String[]> cases = List.of(
                new String[] {"{\"homestayId\":" + homestay + ",", "400", "malformed"},
                new String[] {"{\"isFood\":false,\"liveStartTime\":" + day(1) + ",\"liveEndTime\":" + day(2) + ",\"livePeopleNum\":1,\"remark\":\"\"}", "400", "homestayId is required"},
                new String[] {orderJson(homestay, false, day(1), day(2), 1, "").replace("\"remark\":\"\"", "\"remark\":null"), "400", "remark is required"},
                new String[] {orderJson(homestay, false, day(1), day(2), 1, "").replace("\"livePeopleNum\":1", "\"livePeopleNum\":\"one\""), "400", "livePeopleNum must be an integer"},
                new String[] {orderJson(homestay, false, day(1), day(2), 1, "").replace("\"isFood\":false", "\"isFood\":\"no\""), "400", "isFood must be true or false"},
                new String[] {orderJson(homestay, false, day(1), day(2), 1, "").replace("\"homestayId\":" + homestay, "\"homestayId\":1.5"), "400", "homestayId must be an integer"},
                new String[] {orderJson(homestay, false, day(1), day(2), 0, ""), "400", "livePeopleNum"},
                new String[] {orderJson(homestay, false, day(1), day(2), -2, ""), "400", "livePeopleNum"},
                new String[] {orderJson(homestay, false, day(1), day(2), 4, ""), "400", "capacity"},
                new String[] {orderJson(homestay, false, day(3), day(2), 1, ""), "400", "at least one night"},
                new String[] {orderJson(homestay, false, day(2), day(2), 1, ""), "400", "at least one night"},
                new String[] {orderJson(homestay, false, day(-1), day(2), 1, ""), "400", "past"},
                new String[] {orderJson(homestay, false, day(1), day(40), 1, ""), "400", "at most 30"},
                new String[] {orderJson(homestay, false, day(367), day(368), 1, ""), "400", "days ahead"},
                new String[] {orderJson(homestay, false, 253_370_736_000L, 253_370_822_400L, 1, ""), "400", "days ahead"}, // 9999-01-01
                new String[] {orderJson(homestay, false, Long.MAX_VALUE - 86_400, Long.MAX_VALUE, 1, ""), "400", "days ahead"},
                new String[] {orderJson(homestay, false, day(1), Long.MAX_VALUE, 1, ""), "400", "at most 30"},
                new String[] {orderJson(homestay, false, day(1), day(2), 1, remark65), "400", "remark"},
                new String[] {orderJson(123_456_789L, false, day(1), day(2), 1, ""), "404", "does not exist"},
                new String[] {orderJson(offShelf, false, day(1), day(2), 1, ""), "400", "off shelf"});
        List<String> problems = new ArrayList<>();
        for (String[] c : cases) {
            Map<?, ?> envelope = post("createHomestayOrder", user, c[0]).expectStatus().value(status -> {
                if (status != Integer.parseInt(c[1])) {
                    problems.add(c[0] + " -> HTTP " + status);
                }
            }).expectBody(Map.class).returnResult().getResponseBody();
            if (envelope == null || envelope.containsKey("data") || !String.valueOf(envelope.get("msg")).contains(c[2])) {
                problems.add(c[0] + " -> " + envelope + " (wanted a message with '" + c[2] + "')");
            }
        }
        assertThat(problems).isEmpty();
        assertThat(ordersOf(user)).isZero();
        assertThat(OrderEventsProbe.eventsWhere("userId", user, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void tokensAreRequiredValidAndUnexpired() {
        long homestay = newHomestay(2, 10000, 0);
        String body = orderJson(homestay, false, day(1), day(2), 1, "");
        http.post().uri("/order/v1/homestayOrder/createHomestayOrder").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo(100003);
        tokens.refusedTokens(1).forEach((what, bad) ->
            http.post().uri("/order/v1/homestayOrder/userHomestayOrderList").headers(h -> h.setBearerAuth(bad))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"lastId\":0,\"pageSize\":10,\"tradeState\":-99}")
                    .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo(100003));
    }

    @Test
    void listAndDetailParametersAreBounded() {
        long user = newUser();
        for (String body : List.of("{\"lastId\":0,\"pageSize\":0,\"tradeState\":-99}", "{\"lastId\":0,\"pageSize\":101,\"tradeState\":-99}",
                "{\"lastId\":-1,\"pageSize\":10,\"tradeState\":-99}", "{\"lastId\":0,\"pageSize\":10,\"tradeState\":7}",
                "{\"lastId\":0,\"pageSize\":10}", "{\"lastId\":0,\"pageSize\":10,\"tradeState\":\"all\"}")) {
            post("userHomestayOrderList", user, body).expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo(100002);
        }
        post("userHomestayOrderDetail", user, "{\"sn\":\"\"}").expectStatus().isBadRequest();
        post("userHomestayOrderDetail", user, "{}").expectStatus().isBadRequest();
        post("createHomestayOrder", user, "{}").expectStatus().isBadRequest();
        http.post().uri("/order/v1/homestayOrder/createHomestayOrder").headers(h -> {
                    h.setBearerAuth(token(user));
                    h.set("Idempotency-Key", "x".repeat(129));
                }).contentType(MediaType.APPLICATION_JSON).bodyValue(orderJson(1, false, day(1), day(2), 1, ""))
                .exchange().expectStatus().isBadRequest();
    }
}
