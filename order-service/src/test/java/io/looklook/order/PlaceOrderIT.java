package io.looklook.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Placing, listing and showing orders, priced from the replica of travel.homestays; OrderCreated on order.events. */
class PlaceOrderIT extends OrderIT {


    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> list(long user, long lastId, int pageSize, int tradeState) {
        Map<?, ?> envelope = post("userHomestayOrderList", user,
                "{\"lastId\":" + lastId + ",\"pageSize\":" + pageSize + ",\"tradeState\":" + tradeState + "}")
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return (List<Map<String, Object>>) data(envelope).get("list");
    }

    @Test
    void anOrderIsPricedFromTheReplicaStoredAndPublished() {
        long homestay = newHomestay(4, 38800, 3800);
        long user = newUser();
        String sn = place(user, orderJson(homestay, true, day(1), day(4), 2, "late arrival"));

        assertThat(sn).matches("HSO\\d{22}");
        Map<String, Object> order = detail(user, sn);
        assertThat(order).containsEntry("sn", sn).containsEntry("userId", (int) user).containsEntry("tradeState", 0)
                .containsEntry("livePeopleNum", 2).containsEntry("needFood", 1).containsEntry("remark", "late arrival")
                .containsEntry("homestayPrice", 388.0).containsEntry("foodPrice", 38.0)
                .containsEntry("homestayTotalPrice", 1164.0).containsEntry("foodTotalPrice", 228.0)
                .containsEntry("orderTotalPrice", 1392.0)
                .containsEntry("cover", "https://img/" + homestay + "/1.jpg")
                .containsEntry("tradeCode", "").containsEntry("payTime", 0).containsEntry("payType", "");
        assertThat(((Number) order.get("liveEndDate")).longValue() - ((Number) order.get("liveStartDate")).longValue())
                .isEqualTo(3 * 86_400L);
        long created = ((Number) order.get("createTime")).longValue();
        assertThat(((Number) order.get("payDeadline")).longValue() - created).isBetween(1799L, 1801L);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !OrderEventsProbe.eventsWhere("sn", sn, Duration.ofMillis(500)).isEmpty());
        List<GenericRecord> events = OrderEventsProbe.eventsWhere("sn", sn, Duration.ofSeconds(1));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getSchema().getFullName()).isEqualTo("io.looklook.order.OrderCreated");
            assertThat(e.get("userId")).isEqualTo(user);
            assertThat(e.get("homestayId")).isEqualTo(homestay);
            assertThat(e.get("nights")).isEqualTo(3);
            assertThat(e.get("orderTotalPrice")).isEqualTo(139_200L);
            assertThat(e.get("tradeState")).isEqualTo(0);
            assertThat(e.get("homestayUserId")).isEqualTo(103L);
        });
    }

    @Test
    void aHomestayWhoseFirstBannerUrlIsAsLongAsTheCatalogAllowsCanBeOrdered() {
        long id = nextHomestayId();
        String cover = "https://img.example/" + "c".repeat(4096 - 26 - 24) + ".jpg";
        String banner = cover + ",https://img.example/b.jpg";
        assertThat(banner).hasSize(4096); // the catalog's limit, and a cover four times the old column
        publishHomestay(id, 1, 2, 1, 0, 10_000, 0, banner);
        long user = newUser();

        String sn = place(user, orderJson(id, false, day(1), day(2), 1, ""));

        assertThat(detail(user, sn).get("cover")).isEqualTo(cover);
    }

    @Test
    void theListPagesByIdNewestFirstAndFiltersByState() {
        long homestay = newHomestay(2, 10000, 0);
        long user = newUser();
        String first = place(user, orderJson(homestay, false, day(1), day(2), 1, ""));
        String second = place(user, orderJson(homestay, false, day(2), day(3), 1, ""));
        String third = place(user, orderJson(homestay, false, day(3), day(4), 1, ""));

        List<Map<String, Object>> page = list(user, 0, 2, -99);
        assertThat(page).extracting(o -> o.get("sn")).containsExactly(third, second);
        long lastId = ((Number) page.get(1).get("id")).longValue();
        assertThat(list(user, lastId, 2, -99)).extracting(o -> o.get("sn")).containsExactly(first);
        assertThat(list(user, 0, 10, 0)).hasSize(3);
        assertThat(list(user, 0, 10, 1)).as("none paid").isEmpty();
        assertThat(page.get(0)).containsKeys("title", "subTitle", "homestayId", "cover", "orderTotalPrice", "createTime",
                "tradeState", "liveStartDate", "liveEndDate").containsEntry("tradeCode", "");
    }

    /** The fields of the original's UserHomestayOrderDetailResp (order.api), in its order. */
    static final List<String> ORIGINAL_DETAIL_FIELDS = List.of("sn", "userId", "homestayId", "title", "subTitle", "cover",
            "info", "foodInfo", "createTime", "tradeState", "liveStartDate", "liveEndDate", "tradeCode", "remark",
            "livePeopleNum", "needFood", "foodPrice", "homestayPrice", "marketHomestayPrice", "orderTotalPrice",
            "foodTotalPrice", "homestayTotalPrice", "homestayBusinessId", "homestayUserId", "payTime", "payType");

    @Test
    void theDetailIsFlatWithTheOriginalsFieldsPlusThePayDeadline() {
        long homestay = newHomestay(4, 38800, 3800);
        long user = newUser();
        String sn = place(user, orderJson(homestay, true, day(1), day(2), 1, ""));

        @SuppressWarnings("unchecked")
        Map<String, Object> envelope = post("userHomestayOrderDetail", user, "{\"sn\":\"" + sn + "\"}").expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();

        assertThat(envelope).containsEntry("code", 200).containsEntry("msg", "OK");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) envelope.get("data");
        assertThat(data.keySet()).as("an original client reads data.sn, data.tradeState, ...")
                .containsExactlyInAnyOrderElementsOf(concat(ORIGINAL_DETAIL_FIELDS, "payDeadline"));
        assertThat(data).containsEntry("sn", sn).containsEntry("orderTotalPrice", 388.0 + 38.0);
    }

    private static List<String> concat(List<String> fields, String added) {
        return java.util.stream.Stream.concat(fields.stream(), java.util.stream.Stream.of(added)).toList();
    }

    @Test
    void usersSeeOnlyTheirOwnOrders() {
        long homestay = newHomestay(2, 10000, 0);
        long alice = newUser();
        long bob = newUser();
        String alicesOrder = place(alice, orderJson(homestay, false, day(1), day(2), 1, ""));

        assertThat(list(bob, 0, 100, -99)).isEmpty();
        Map<?, ?> notFound = post("userHomestayOrderDetail", bob, "{\"sn\":\"" + alicesOrder + "\"}")
                .expectStatus().isNotFound().expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> unknown = post("userHomestayOrderDetail", bob, "{\"sn\":\"HSO0000000000000000000000\"}")
                .expectStatus().isNotFound().expectBody(Map.class).returnResult().getResponseBody();
        // someone else's order and an unknown one are indistinguishable (no existence leak)
        assertThat(notFound.get("code")).isEqualTo(unknown.get("code"));
        assertThat(((String) notFound.get("msg")).replace(alicesOrder, "X"))
                .isEqualTo(((String) unknown.get("msg")).replace("HSO0000000000000000000000", "X"));
        assertThat(list(alice, 0, 100, -99)).hasSize(1);
    }

    @Test
    void theReplicaFollowsTheCatalog() {
        long homestay = newHomestay(2, 10000, 0);
        long user = newUser();
        String before = place(user, orderJson(homestay, false, day(1), day(2), 1, ""));
        publishHomestay(homestay, 2, 2, 1, 0, 12500, 0);
        String after = place(user, orderJson(homestay, false, day(1), day(2), 1, ""));
        assertThat(detail(user, before)).containsEntry("orderTotalPrice", 100.0);
        assertThat(detail(user, after)).as("new orders use the new price").containsEntry("orderTotalPrice", 125.0);

        publishHomestay(homestay, 1, 2, 1, 0, 99999, 0); // a stale (replayed) version changes nothing
        assertThat(detail(user, place(user, orderJson(homestay, false, day(1), day(2), 1, "")))).containsEntry("orderTotalPrice", 125.0);

        publishHomestay(homestay, 3, 2, 0, 0, 12500, 0); // taken off shelf
        post("createHomestayOrder", newUser(), orderJson(homestay, false, day(1), day(2), 1, ""))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.msg").value(m -> assertThat((String) m).contains("off shelf"));
    }

    @Test
    void perPersonHomestaysChargeEachGuest() {
        long homestay = publishHomestay(newHomestayId(), 1, 6, 1, 1, 8800, 2500);
        long user = newUser();
        String sn = place(user, orderJson(homestay, true, day(1), day(3), 3, ""));
        assertThat(detail(user, sn)).containsEntry("homestayTotalPrice", 528.0).containsEntry("foodTotalPrice", 150.0)
                .containsEntry("orderTotalPrice", 678.0);
    }

    private static long newHomestayId() {
        return 9_000_000 + (System.nanoTime() % 1_000_000);
    }
}
