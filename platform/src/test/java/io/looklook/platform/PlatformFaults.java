package io.looklook.platform;

import io.looklook.testsupport.TcpProxy;
import io.looklook.testsupport.TestInfra;
import java.net.URI;

/**
 * The platform test context reaches MariaDB and the registry through these proxies, so a test can take either away
 * (a cut: refused connections; a freeze: open connections that answer nothing) and bring it back, while the real
 * servers keep running for everyone else.
 */
public final class PlatformFaults {

    public static final TcpProxy DATABASE = TcpProxy.to(TestInfra.get().dbPort());
    public static final TcpProxy REGISTRY = TcpProxy.to(URI.create(TestInfra.get().registryUrl()).getPort());

    private PlatformFaults() {
    }

    public static String registryUrl() {
        return "http://127.0.0.1:" + REGISTRY.port();
    }
}
