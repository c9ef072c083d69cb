package io.looklook.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a real server (MariaDB, the registry), for tests of what a service does when that server
 * goes away: {@link #cut()} closes every connection and refuses new ones (a crashed or restarting server),
 * {@link #freeze()} keeps the connections open but passes no byte (a frozen server, a network partition), and
 * {@link #restore()} lets traffic through again. Threads per connection: a test's traffic is small.
 */
public final class TcpProxy implements AutoCloseable {

    private enum Mode { OPEN, FROZEN, CUT }

    private final int targetPort;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile Mode mode = Mode.OPEN;
    private volatile ServerSocket server;
    private volatile boolean closed;

    private TcpProxy(int port, int targetPort) {
        this.port = port;
        this.targetPort = targetPort;
    }

    /** A proxy on a free port of 127.0.0.1 in front of {@code 127.0.0.1:targetPort}. */
    public static TcpProxy to(int targetPort) {
        TcpProxy proxy = new TcpProxy(TestInfra.freePort(), targetPort);
        proxy.listen();
        return proxy;
    }

    public int port() {
        return port;
    }

    /** Every connection closed, new ones refused: the server is down. */
    public void cut() {
        synchronized (gate) {
            mode = Mode.CUT;
            gate.notifyAll();
        }
        closeQuietly(server);
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    /** Connections stay open and new ones are accepted, but no byte passes: the server froze. */
    public void freeze() {
        mode = Mode.FROZEN;
    }

    /** Traffic passes again (after a cut, new connections are accepted again; the old ones are gone). */
    public void restore() {
        if (mode == Mode.CUT) {
            listen();
        }
        synchronized (gate) {
            mode = Mode.OPEN;
            gate.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        cut();
        synchronized (gate) {
            gate.notifyAll();
        }
    }

    private void listen() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            server = socket;
            Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket upstream = new Socket("127.0.0.1", targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed by cut() or close(), or the target refused: the client sees its connection closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    awaitOpen();
                    if (mode == Mode.CUT || closed) {
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the other side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "tcp-proxy-pump-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    /** While frozen, bytes read are held back until the proxy is restored (or cut). */
    private void awaitOpen() throws InterruptedException {
        synchronized (gate) {
            while (mode == Mode.FROZEN && !closed) {
                gate.wait();
            }
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (IOException | RuntimeException e) {
            // already closed
        }
    }
}
