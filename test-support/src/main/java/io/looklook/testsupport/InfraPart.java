package io.looklook.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * One of the parts the services stand on (broker, registry, database), run as a process a fault test can freeze
 * ({@code SIGSTOP}: connections stay open, nothing answers), thaw ({@code SIGCONT}), kill ({@code SIGKILL}: no
 * shutdown, nothing flushed) and start again on the same ports and data.
 */
public abstract class InfraPart {

    private final String name;

    protected InfraPart(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The process that serves the part (for the database, the server under its launcher). */
    protected abstract Optional<ProcessHandle> server();

    /** Starts it (again), on its ports and data, and waits until it serves. */
    public abstract void start();

    /** SIGKILL, then waits until it is gone. */
    public abstract void kill();

    public void freeze() {
        signal("-STOP");
    }

    public void thaw() {
        signal("-CONT");
    }

    private void signal(String signal) {
        ProcessHandle server = server().orElseThrow(() -> new IllegalStateException(name + " is not running"));
        try {
            Process kill = new ProcessBuilder(List.of("kill", signal, Long.toString(server.pid()))).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + signal + " " + server.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static void killAndWait(ProcessHandle process) {
        process.destroyForcibly();
        process.onExit().join();
    }

    @Override
    public String toString() {
        return name;
    }
}
