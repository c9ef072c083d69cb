package io.looklook.usercenter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class UsercenterServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(UsercenterServiceApplication.class, args);
    }
}
