package io.looklook.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * When a system test fails, prints the end of every service's log and its warnings and errors: CI runs on a clone that
 * is deleted afterwards, so the build output is the only place a failure's cause survives.
 */
final class ServiceLogsOnFailure implements TestWatcher {

    private static final int TAIL_LINES = 40;
    private static final int MAX_PROBLEM_LINES = 40;

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        System.err.println("=== " + context.getDisplayName() + " failed: the services' logs ===");
        LooklookStack.logs().forEach(ServiceLogsOnFailure::print);
    }

    private static void print(Path log) {
        if (!Files.exists(log)) {
            System.err.println("--- " + log + ": none");
            return;
        }
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> all = lines.toList();
            System.err.println("--- " + log + ": warnings and errors (first " + MAX_PROBLEM_LINES + ")");
            all.stream().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).limit(MAX_PROBLEM_LINES)
                    .forEach(System.err::println);
            System.err.println("--- " + log + ": last " + TAIL_LINES + " lines");
            all.subList(Math.max(0, all.size() - TAIL_LINES), all.size()).forEach(System.err::println);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("--- " + log + ": unreadable (" + e + ")");
        }
    }
}
