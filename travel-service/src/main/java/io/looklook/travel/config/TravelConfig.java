package io.looklook.travel.config;

import io.looklook.platform.outbox.EventSchemas;
import io.looklook.travel.HomestaySnapshot;
import io.looklook.travel.application.ChangeCatalog;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

@Configuration
public class TravelConfig {

    private static final Logger log = LoggerFactory.getLogger(TravelConfig.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** What travel-service writes to travel.homestays: its schema id is resolved at start-up (platform). */
    @Bean
    EventSchemas homestayEventSchemas() {
        return EventSchemas.of(HomestaySnapshot.getClassSchema());
    }

    /** First start after the demo catalog was loaded: publish it, so travel.homestays holds the whole catalog. */
    @EventListener(ApplicationReadyEvent.class)
    public void publishDemoCatalog(ApplicationReadyEvent event) {
        ChangeCatalog catalog = event.getApplicationContext().getBean(ChangeCatalog.class);
        catalog.publishCatalogIfPending()
                .subscribe(count -> {
                    if (count > 0) {
                        log.info("published the catalog to travel.homestays: {} homestays", count);
                    }
                }, error -> log.error("could not publish the catalog; it stays pending for the next start", error));
    }
}
