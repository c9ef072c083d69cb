package io.looklook.travel.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.travel.TravelIT;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every kind of bad input gets the envelope with a message that names the problem; never a stack trace. */
class BadInputIT extends TravelIT {

    @Autowired
    WebTestClient http;

    @SuppressWarnings("unchecked")
    private Map<String, Object> expectError(String path, String body, HttpStatus status, int code) {
        Map<String, Object> envelope = http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isEqualTo(status)
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(envelope).containsEntry("code", code).doesNotContainKey("data");
        assertThat((String) envelope.get("msg")).doesNotContain("at io.", "Exception");
        return envelope;
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "/travel/v1/homestay/homestayList | {\"page\":1,\"pageSize\":0}            | pageSize",
            "/travel/v1/homestay/homestayList | {\"page\":1,\"pageSize\":-5}           | pageSize",
            "/travel/v1/homestay/homestayList | {\"page\":1,\"pageSize\":101}          | pageSize",
            "/travel/v1/homestay/homestayList | {\"page\":1,\"pageSize\":1000000000000} | pageSize",
            "/travel/v1/homestay/homestayList | {\"page\":0,\"pageSize\":10}           | page",
            "/travel/v1/homestay/homestayList | {\"pageSize\":10}                       | page is required",
            "/travel/v1/homestay/homestayList | {\"page\":1}                           | pageSize is required",
            "/travel/v1/homestay/homestayList | {\"page\":1,\"pageSize\":\"ten\"}      | pageSize",
            "/travel/v1/homestay/homestayList | {\"page\":1,\"pageSize\":\"10\"}       | pageSize",
            "/travel/v1/homestay/homestayList | {\"page\":1,\"pageSize\":10.5}         | pageSize",
            "/travel/v1/homestay/homestayList | {\"page\":1,\"pageSize\":null}         | pageSize is required",
            "/travel/v1/homestay/homestayList | {\"page\":true,\"pageSize\":10}        | page",
            "/travel/v1/homestay/businessList | {\"lastId\":-1,\"pageSize\":10,\"homestayBusinessId\":1} | lastId",
            "/travel/v1/homestay/businessList | {\"lastId\":0,\"pageSize\":10}          | homestayBusinessId is required",
            "/travel/v1/homestay/homestayDetail | {\"id\":0}                           | id",
            "/travel/v1/homestay/homestayDetail | {\"id\":\"1\"}                        | id",
            "/travel/v1/homestay/homestayDetail | {}                                   | id is required",
            "/travel/v1/homestay/homestayDetail | [1]                                  | malformed",
            "/travel/v1/homestayBussiness/homestayBussinessList | {\"lastId\":0,\"pageSize\":0} | pageSize",
            "/travel/v1/homestayComment/commentList | {\"lastId\":0,\"pageSize\":10,\"homestayId\":-1} | homestayId",
    })
    void invalidParametersAreRefusedNamingTheField(String path, String body, String mentioned) {
        Map<String, Object> envelope = expectError(path, body, HttpStatus.BAD_REQUEST, 100002);
        assertThat((String) envelope.get("msg")).contains(mentioned.equals("malformed") ? "" : mentioned.split(" ")[0]);
        if (mentioned.contains("required")) {
            assertThat((String) envelope.get("msg")).contains(mentioned);
        }
    }

    @Test
    void malformedJsonIsAParameterError() {
        Map<String, Object> envelope = expectError("/travel/v1/homestay/homestayList", "{\"page\":1,", HttpStatus.BAD_REQUEST, 100002);
        assertThat((String) envelope.get("msg")).containsIgnoringCase("json");
        expectError("/travel/v1/homestay/homestayList", "not json at all", HttpStatus.BAD_REQUEST, 100002);
        assertThat((String) expectError("/travel/v1/homestay/homestayList", "", HttpStatus.BAD_REQUEST, 100002).get("msg"))
                .as("nothing internal in a message").isEqualTo("invalid parameter: the request body is missing: a JSON object is expected");
        assertThat((String) expectError("/travel/v1/homestay/homestayList", "[1,2]", HttpStatus.BAD_REQUEST, 100002).get("msg"))
                .isEqualTo("invalid parameter: the request body must be a JSON object");
    }

    @Test
    void aBodyAboveTheServicesLimitIs413NamingTheLimit() {
        String huge = "{\"page\":1,\"pageSize\":1,\"pad\":\"" + "x".repeat(300_000) + "\"}";
        assertThat((String) expectError("/travel/v1/homestay/homestayList", huge, HttpStatus.CONTENT_TOO_LARGE, 100002).get("msg"))
                .isEqualTo("invalid parameter: the request body is larger than this service takes (262144 bytes at most)");
    }

    @Test
    void unknownIdsAreNotFoundErrorsNotEmptyObjects() {
        assertThat((String) expectError("/travel/v1/homestay/homestayDetail", "{\"id\":999999}", HttpStatus.NOT_FOUND, 100007)
                .get("msg")).contains("999999");
        expectError("/travel/v1/homestayBussiness/homestayBussinessDetail", "{\"id\":999999}", HttpStatus.NOT_FOUND, 100007);
    }

    @Test
    void unknownRoutesWrongMethodsAndWrongContentTypesGetTheEnvelope() {
        expectError("/travel/v1/homestay/nope", "{}", HttpStatus.NOT_FOUND, 100007);
        http.get().uri("/travel/v1/homestay/homestayList").exchange().expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
                .expectBody().jsonPath("$.code").isEqualTo(100002);
        http.post().uri("/travel/v1/homestay/homestayDetail").contentType(MediaType.TEXT_PLAIN).bodyValue("id=1")
                .exchange().expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectBody().jsonPath("$.code").isEqualTo(100002);
    }
}
