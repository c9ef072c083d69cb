package io.looklook.platform;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A bare service built only from the platform, for the platform's own integration tests. */
@SpringBootApplication
public class PlatformTestApp {
}
