package io.looklook.travel.adapter.web;

import io.looklook.testsupport.TestTokens;
import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.travel.TravelIT;
import io.looklook.platform.security.JwtTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The public catalog routes on the demo catalog: happy paths, paging and ordering. */
class BrowseRoutesIT extends TravelIT {

    @Autowired
    WebTestClient http;
    final TestTokens tokens = TestTokens.get();

    @SuppressWarnings("unchecked")
    private Map<String, Object> post(String path, String json) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(json)
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> envelope) {
        assertThat(envelope).containsEntry("code", 200).containsEntry("msg", "OK");
        return (List<Map<String, Object>>) ((Map<String, Object>) envelope.get("data")).get("list");
    }

    private static List<Number> ids(List<Map<String, Object>> items) {
        return items.stream().map(i -> (Number) i.get("id")).toList();
    }

    @Test
    void featuredHomestaysArePagedInFeatureOrderAndSkipOffShelfOnes() {
        List<Map<String, Object>> first = list(post("/travel/v1/homestay/homestayList", "{\"page\":1,\"pageSize\":5}"));
        List<Map<String, Object>> second = list(post("/travel/v1/homestay/homestayList", "{\"page\":2,\"pageSize\":5}"));
        List<Map<String, Object>> third = list(post("/travel/v1/homestay/homestayList", "{\"page\":3,\"pageSize\":5}"));

        // homestay 5 is featured but off shelf; feature 3 is switched off
        assertThat(ids(first)).containsExactly(21, 19, 15, 14, 11);
        assertThat(ids(second)).containsExactly(10, 8, 6, 2, 1);
        assertThat(third).as("an empty page is [] not null").isEmpty();
        assertThat(first).allSatisfy(h -> assertThat(h).containsEntry("rowState", 1));
    }

    @Test
    void publicRoutesIgnoreAnExpiredOrBadTokenButAdminRoutesDoNot() {
        String expired = tokens.issue(7, Instant.now().minus(Duration.ofDays(2)), Duration.ofDays(1), JwtTokens.CATALOG_WRITE_SCOPE);
        for (String token : List.of(expired, "garbage")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> envelope = http.post().uri("/travel/v1/homestay/homestayDetail").headers(h -> h.setBearerAuth(token))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"id\":1}")
                    .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
            assertThat(envelope).containsEntry("code", 200);
            http.post().uri("/travel/v1/admin/homestay/save").headers(h -> h.setBearerAuth(token))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                    .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo(100003);
        }
    }

    @Test
    void aHomestayShowsLooklooksFieldsWithYuanPrices() {
        Map<String, Object> envelope = post("/travel/v1/homestay/homestayDetail", "{\"id\":1}");
        @SuppressWarnings("unchecked")
        Map<String, Object> h = (Map<String, Object>) ((Map<String, Object>) envelope.get("data")).get("homestay");
        assertThat(h).containsEntry("id", 1).containsEntry("title", "Naxi Courtyard Suite")
                .containsEntry("peopleNum", 2).containsEntry("homestayBusinessId", 1).containsEntry("userId", 101)
                .containsEntry("rowState", 1).containsEntry("rowType", 0)
                .containsEntry("homestayPrice", 388.0).containsEntry("marketHomestayPrice", 458.0)
                .containsEntry("foodPrice", 38.0)
                .containsKeys("subTitle", "banner", "info", "foodInfo");
        assertThat((String) h.get("banner")).startsWith("https://").contains(",");
    }

    @Test
    void anOffShelfHomestayStillHasADetailThatSaysSo() {
        Map<String, Object> envelope = post("/travel/v1/homestay/homestayDetail", "{\"id\":5}");
        assertThat(envelope.toString()).contains("rowState=0");
    }

    @Test
    void aBusinessesHomestaysAreKeysetPagedAndSkipOffShelfOnes() {
        List<Map<String, Object>> first = list(post("/travel/v1/homestay/businessList",
                "{\"lastId\":0,\"pageSize\":2,\"homestayBusinessId\":1}"));
        assertThat(ids(first)).containsExactly(4, 3);
        List<Map<String, Object>> next = list(post("/travel/v1/homestay/businessList",
                "{\"lastId\":3,\"pageSize\":2,\"homestayBusinessId\":1}"));
        assertThat(ids(next)).containsExactly(2, 1);
        List<Map<String, Object>> end = list(post("/travel/v1/homestay/businessList",
                "{\"lastId\":1,\"pageSize\":2,\"homestayBusinessId\":1}"));
        assertThat(end).isEmpty();
        assertThat(list(post("/travel/v1/homestay/businessList",
                "{\"lastId\":0,\"pageSize\":100,\"homestayBusinessId\":999}"))).as("unknown business: empty list").isEmpty();
    }

    @Test
    void guessListIsTheFiveNewestOnShelf() {
        List<Map<String, Object>> guess = list(post("/travel/v1/homestay/guessList", "{}"));
        assertThat(guess).hasSize(5).allSatisfy(h -> assertThat(h).containsEntry("rowState", 1));
        List<Long> ids = ids(guess).stream().map(Number::longValue).toList();
        assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void goodBossesComeFromFeaturedTradingBusinessesInOrder() {
        List<Map<String, Object>> bosses = list(post("/travel/v1/homestayBussiness/goodBoss", "{}"));
        assertThat(bosses.stream().map(b -> b.get("userId")).toList()).containsExactly(105, 104, 102, 101);
        assertThat(bosses.stream().map(b -> b.get("rank")).toList()).containsExactly(1, 2, 3, 4);
        assertThat(bosses.get(0)).containsEntry("nickname", "Chengdu Teahouse Lodges")
                .containsEntry("info", "Tea master and home cook");
    }

    @Test
    void businessesAreKeysetPagedAndABossHasADetail() {
        List<Map<String, Object>> page = list(post("/travel/v1/homestayBussiness/homestayBussinessList",
                "{\"lastId\":0,\"pageSize\":3}"));
        assertThat(ids(page)).containsExactly(5, 4, 3);
        assertThat(page.get(0)).containsKeys("title", "info", "tags", "cover", "star", "isFav", "headerImg",
                "sellMonth", "personConsume");
        assertThat(ids(list(post("/travel/v1/homestayBussiness/homestayBussinessList", "{\"lastId\":3,\"pageSize\":3}"))))
                .containsExactly(2, 1);

        Map<String, Object> detail = post("/travel/v1/homestayBussiness/homestayBussinessDetail", "{\"id\":3}");
        assertThat(detail.toString()).contains("userId=103").contains("nickname=Xiamen Gulangyu Villas");
    }

    @Test
    void commentsAreRealRowsNewestFirstAndCanBeFilteredByHomestay() {
        List<Map<String, Object>> comments = list(post("/travel/v1/homestayComment/commentList",
                "{\"lastId\":0,\"pageSize\":5}"));
        assertThat(comments).hasSize(5);
        assertThat(ids(comments).stream().map(Number::longValue).toList()).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(comments).allSatisfy(c -> assertThat(((Number) c.get("star")).doubleValue()).isBetween(1.0, 5.0));

        List<Map<String, Object>> ofOne = list(post("/travel/v1/homestayComment/commentList",
                "{\"lastId\":0,\"pageSize\":100,\"homestayId\":1}"));
        assertThat(ofOne).allSatisfy(c -> assertThat(c).containsEntry("homestayId", 1));
    }

    @Test
    void healthMetricsAndApiDocsAreServedWithoutAToken() {
        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        // the status alone without an operator's token: no disk path, no database kind
        http.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP").jsonPath("$.components").doesNotExist();
        http.get().uri("/actuator/health").headers(h -> h.setBearerAuth(tokens.forUser(7))).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components").doesNotExist();
        http.get().uri("/actuator/health").headers(h -> h.setBearerAuth(tokens.forUser(1, "ops:read"))).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.components.diskSpace.details").exists().jsonPath("$.components.r2dbc").exists();
        String metrics = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).contains("looklook_travel_outbox_backlog_records ", "looklook_travel_outbox_oldest_age_seconds ",
                "looklook_travel_outbox_commit_to_ack_seconds_bucket{", "http_server_requests_seconds_bucket{")
                .as("latencies as buckets, no percentiles computed in the process").doesNotContain("quantile=");
        http.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.paths['/travel/v1/homestay/homestayList']").exists()
                // usable by a client generator: who it is, the bearer scheme where a token is needed, the error envelope
                .jsonPath("$.info.title").isEqualTo("looklook travel-service")
                .jsonPath("$.info.description").value(d -> assertThat((String) d).contains("100002"))
                .jsonPath("$.components.securitySchemes.bearerAuth.scheme").isEqualTo("bearer")
                .jsonPath("$.paths['/travel/v1/admin/homestay/save'].post.security[0].bearerAuth").exists()
                .jsonPath("$.paths['/travel/v1/homestay/homestayList'].post.security").doesNotExist()
                .jsonPath("$.paths['/travel/v1/homestay/homestayList'].post.responses['400'].content['application/json'].schema['$ref']")
                .isEqualTo("#/components/schemas/ErrorEnvelope")
                .jsonPath("$.paths['/travel/v1/admin/homestay/save'].post.responses['401']").exists()
                .jsonPath("$.components.schemas.ErrorEnvelope.properties.code").exists()
                .jsonPath("$.components.schemas.PageReq.properties.pageSize.example").value(v -> assertThat(String.valueOf(v)).isEqualTo("10"));
    }

    @Test
    void theLargestPageSizeIsAccepted() {
        assertThat(list(post("/travel/v1/homestayBussiness/homestayBussinessList", "{\"lastId\":0,\"pageSize\":100}")))
                .hasSize(5);
    }
}
