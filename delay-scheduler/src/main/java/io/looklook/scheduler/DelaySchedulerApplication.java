package io.looklook.scheduler;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class DelaySchedulerApplication {

    public static void main(String[] args) {
        SpringApplication.run(DelaySchedulerApplication.class, args);
    }
}
