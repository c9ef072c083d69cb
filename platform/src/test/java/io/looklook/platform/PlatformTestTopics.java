package io.looklook.platform;

import io.looklook.infra.TopicDeclaration;
import io.looklook.infra.TopicProvisioner;
import io.looklook.testsupport.TestInfra;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The topics the platform's test listeners consume (with their DLTs), created before any context starts. */
public final class PlatformTestTopics {

    public static final String INBOX = "platform.inbox-test";
    public static final String POISON = "platform.poison-test";
    public static final String OUTAGE = "platform.outage-test";

    private PlatformTestTopics() {
    }

    public static void register(DynamicPropertyRegistry registry) {
        TestInfra infra = TestInfra.get();
        try {
            TopicProvisioner.provision(infra.bootstrapServers(), List.of(
                    new TopicDeclaration(INBOX, 1, "delete", true),
                    new TopicDeclaration(POISON, 1, "delete", true),
                    new TopicDeclaration(OUTAGE, 1, "delete", true)), (short) 1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        TestInfra.register(registry);
        // the database and the registry through proxies a test can cut or freeze (PlatformFaults)
        registry.add("looklook.db.port", PlatformFaults.DATABASE::port);
        registry.add("looklook.registry.url", PlatformFaults::registryUrl);
    }
}
