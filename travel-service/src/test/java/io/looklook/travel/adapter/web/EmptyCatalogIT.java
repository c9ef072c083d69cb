package io.looklook.travel.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.testsupport.TestInfra;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A deployment (any profile but local) on a new database opens with an empty catalog: the demo is local data. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class EmptyCatalogIT {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra.register(registry);
        registry.add("looklook.db.name", () -> "looklook_travel_deployment_" + ProcessHandle.current().pid());
    }

    @Autowired
    WebTestClient http;

    @SuppressWarnings("unchecked")
    private List<Object> list(String path, String json) {
        Map<String, Object> envelope = http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(json)
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(envelope).containsEntry("code", 200);
        return (List<Object>) ((Map<String, Object>) envelope.get("data")).get("list");
    }

    @Test
    void aNewDeploymentHasNoDemoHomestaysOrBusinesses() {
        assertThat(list("/travel/v1/homestay/homestayList", "{\"page\":1,\"pageSize\":20}")).isEmpty();
        assertThat(list("/travel/v1/homestay/guessList", "{}")).isEmpty();
        assertThat(list("/travel/v1/homestayBussiness/homestayBussinessList", "{\"lastId\":0,\"pageSize\":20}")).isEmpty();
        http.post().uri("/travel/v1/homestay/homestayDetail").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"id\":1}")
                .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo(100007);
    }
}
