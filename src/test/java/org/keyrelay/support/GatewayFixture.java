package org.keyrelay.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.KeyView;

/**
 * The set-up a route test shares, as a JUnit 5 extension: a temp dir, a movable clock, a real stub upstream made
 * before each test, and the real gateway started on demand with a keyring. After each test, failed or not, it closes
 * the gateway, then the upstream, then deletes the dir.
 *
 * <pre>{@code
 * @RegisterExtension
 * final GatewayFixture fx = new GatewayFixture();
 * ...
 * fx.upstream().script("key-a", Answer.json(429, ...));
 * fx.start(2, "strategy: sticky").post("/p/v1/chat/completions", "{}");
 * }</pre>
 */
public final class GatewayFixture implements BeforeEachCallback, AfterEachCallback {

    private final MutableClock clock;
    private Path dir;
    private StubUpstream upstream;
    private RunningGateway gw;

    /** A clock that follows real time, moved ahead with {@link MutableClock#advance}. */
    public GatewayFixture() {
        this(MutableClock.tickingFromNow());
    }

    public GatewayFixture(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("keyrelay-test-");
        upstream = new StubUpstream();
    }

    /** Closes what the test opened in reverse order, each even when one before it failed. */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception failure = null;
        for (AutoCloseable part : new AutoCloseable[] {gw, upstream, () -> delete(dir)}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        gw = null;
        if (failure != null) {
            throw failure;
        }
    }

    /** The gateway on the keyring {@link Keyrings#provider} writes for the stub upstream. */
    public RunningGateway start(int keys, String... settings) throws Exception {
        return start(Keyrings.provider(upstream.baseUrl(), keys, settings));
    }

    public RunningGateway start(String keyringYaml) throws Exception {
        if (gw != null) {
            throw new IllegalStateException("the gateway of this test is already started");
        }
        gw = RunningGateway.start(dir, keyringYaml, clock);
        return gw;
    }

    /** The gateway {@link #start} started. */
    public RunningGateway gw() {
        if (gw == null) {
            throw new IllegalStateException("start the gateway first: fx.start(...)");
        }
        return gw;
    }

    public StubUpstream upstream() {
        return upstream;
    }

    public MutableClock clock() {
        return clock;
    }

    /** The test's own directory (the gateway writes keyring.yaml and state/ in it). */
    public Path dir() {
        return dir;
    }

    /** The pool of {@link Keyrings}' provider "p". */
    public KeyPool pool() {
        return gw().pool(Keyrings.PROVIDER);
    }

    /** Key {@code id} of {@link Keyrings}' provider "p", as the pool sees it now. */
    public KeyView key(String id) {
        return gw().key(Keyrings.PROVIDER, id);
    }

    private static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
