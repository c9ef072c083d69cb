package io.looklook.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A network namespace per broker of the test cluster, each joined to the test JVM's own namespace by a veth pair on
 * one bridge, so that a fault test can cut one broker off from the others (blackhole routes both ways) while every
 * client, on the bridge's address, still reaches all of them: a partition between brokers, not an outage. Needs root
 * and {@code ip netns}; {@link #create} says when the machine allows neither.
 *
 * <p>Names carry this JVM's pid (a run that was killed leaves its namespaces behind; the next one removes those whose
 * JVM is gone), and the subnet is {@code 10.231.<pid % 250>.0/24}.
 */
final class NetworkNamespaces {

    private static final String PREFIX = "lkt";

    private final String id;
    private final String subnet;
    private final int nodes;

    private NetworkNamespaces(long pid, int nodes) {
        this.id = PREFIX + pid;
        this.subnet = "10.231." + (pid % 250) + ".";
        this.nodes = nodes;
    }

    /** Namespaces for {@code nodes} brokers, or empty where the machine does not allow them (not root, no ip). */
    static Optional<NetworkNamespaces> create(int nodes) {
        if (!allowed()) {
            return Optional.empty();
        }
        removeLeftovers();
        NetworkNamespaces namespaces = new NetworkNamespaces(ProcessHandle.current().pid(), nodes);
        Runtime.getRuntime().addShutdownHook(new Thread(namespaces::remove, "netns-remove"));
        namespaces.build();
        return Optional.of(namespaces);
    }

    private static boolean allowed() {
        String probe = PREFIX + "probe" + ProcessHandle.current().pid();
        try {
            return run(false, "ip", "netns", "add", probe) && run(false, "ip", "netns", "del", probe);
        } catch (UncheckedIOException noIp) {
            return false;
        }
    }

    private void build() {
        String bridge = id + "b";
        ip("link", "add", bridge, "type", "bridge");
        ip("addr", "add", hostAddress() + "/24", "dev", bridge);
        ip("link", "set", bridge, "up");
        for (int node = 1; node <= nodes; node++) {
            String ns = namespace(node);
            String hostSide = id + "h" + node;
            ip("netns", "add", ns);
            ip("link", "add", hostSide, "type", "veth", "peer", "name", id + "n" + node);
            ip("link", "set", id + "n" + node, "netns", ns);
            ip("link", "set", hostSide, "master", bridge);
            ip("link", "set", hostSide, "up");
            inNamespace(node, "ip", "link", "set", "lo", "up");
            inNamespace(node, "ip", "addr", "add", address(node) + "/24", "dev", id + "n" + node);
            inNamespace(node, "ip", "link", "set", id + "n" + node, "up");
        }
    }

    /** The address broker {@code node} (1-based) listens on, inside its namespace. */
    String address(int node) {
        return subnet + node;
    }

    /** The test JVM's address on the bridge: where the clients' connections come from. */
    String hostAddress() {
        return subnet + "254";
    }

    /** {@code command} to run inside node {@code node}'s namespace (ip netns exec execs it: the pid is the command's). */
    List<String> wrap(int node, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", namespace(node)));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Cuts {@code node} off from every other broker, both ways; the clients still reach it. */
    void isolate(int node) {
        forEachPeer(node, "add");
    }

    void heal(int node) {
        forEachPeer(node, "del");
    }

    private void forEachPeer(int node, String verb) {
        for (int other = 1; other <= nodes; other++) {
            if (other != node) {
                inNamespace(node, "ip", "route", verb, "blackhole", address(other) + "/32");
                inNamespace(other, "ip", "route", verb, "blackhole", address(node) + "/32");
            }
        }
    }

    private String namespace(int node) {
        return id + "-" + node;
    }

    private void inNamespace(int node, String... command) {
        List<String> wrapped = wrap(node, List.of(command));
        run(true, wrapped.toArray(String[]::new));
    }

    private void remove() {
        for (int node = 1; node <= nodes; node++) {
            run(false, "ip", "netns", "del", namespace(node)); // its veth end goes with it, and the host end too
        }
        run(false, "ip", "link", "del", id + "b");
    }

    /** Namespaces and bridges of earlier runs whose JVM is gone. */
    private static void removeLeftovers() {
        for (String line : output("ip", "-o", "link", "show", "type", "bridge").lines().toList()) {
            String name = line.replaceFirst("^\\d+: ([^:@]+).*", "$1");
            if (name.matches(PREFIX + "\\d+b") && !alive(name.substring(PREFIX.length(), name.length() - 1))) {
                run(false, "ip", "link", "del", name);
            }
        }
        for (String line : output("ip", "netns", "list").lines().toList()) {
            String name = line.split(" ")[0];
            if (name.matches(PREFIX + "\\d+-\\d+") && !alive(name.substring(PREFIX.length(), name.indexOf('-')))) {
                run(false, "ip", "netns", "del", name);
            }
        }
    }

    private static boolean alive(String pid) {
        return ProcessHandle.of(Long.parseLong(pid)).isPresent();
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        run(true, command.toArray(String[]::new));
    }

    private static boolean run(boolean mustSucceed, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean ok = process.waitFor() == 0;
            if (!ok && mustSucceed) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out.strip());
            }
            return ok;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String output(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
