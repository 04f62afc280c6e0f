package org.keyrelay.bench.jmh;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.CooldownPolicy;
import org.keyrelay.pool.CooldownSettings;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.Lease;
import org.keyrelay.pool.Secret;
import org.keyrelay.selection.Strategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one request costs the key pool: {@code acquire} (pick a key with the provider's strategy, count it in
 * flight) plus {@code Lease.succeeded} (record the success, health +2), on a pool of healthy keys, one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class KeySelectionBenchmark {

    @Param({"round-robin", "health-based", "sticky", "least-used", "fill-first", "weighted"})
    public String strategy;

    @Param({"4"})
    public int keys;

    private KeyPool pool;

    @Setup
    public void setUp() {
        List<ApiKey> list = new ArrayList<>();
        for (int i = 1; i <= keys; i++) {
            list.add(new ApiKey("key-" + i, new Secret("sk-bench-" + i + "-0123456789abcdef"), 1 + i % 3));
        }
        pool = new KeyPool("bench", list, Strategy.parse(strategy), new CooldownPolicy(CooldownSettings.defaults()),
                Clock.systemUTC());
    }

    @Benchmark
    public Lease acquireAndSucceed() {
        Lease lease = pool.acquire("bench-model", null).orElseThrow();
        lease.succeeded();
        return lease;
    }
}
