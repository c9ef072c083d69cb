package io.looklook.travel;

import io.looklook.testsupport.TestInfra;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of travel-service's integration tests: the real service on a random port, real Kafka, registry, MariaDB, with
 * the demo catalog (which only the local profile loads otherwise).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.flyway.locations=" + TravelIT.WITH_DEMO_CATALOG)
@AutoConfigureWebTestClient
public abstract class TravelIT {

    /** Flyway locations of the local profile: the schema and the demo catalog. */
    public static final String WITH_DEMO_CATALOG = "classpath:db/platform,classpath:db/migration,classpath:db/demo";

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra.register(registry);
    }
}
