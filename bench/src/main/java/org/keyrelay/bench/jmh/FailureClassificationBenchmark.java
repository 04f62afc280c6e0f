package org.keyrelay.bench.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.keyrelay.failure.FailureClassifier;
import org.keyrelay.failure.FailurePhrases;
import org.keyrelay.failure.UpstreamAnswer;
import org.keyrelay.failure.Verdict;
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
 * What classifying one failed upstream answer costs: {@code FailureClassifier.classify} on real provider error
 * answers, read from the test fixtures (src/test/resources/fixtures/errors/, relative to the repository root,
 * or -Dkeyrelay.fixtures=DIR).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class FailureClassificationBenchmark {

    @Param({
        "openai-429-rate-limit-with-reset-headers.http",
        "ollama-weekly-usage-limit.http",
        "kimi-billing-cycle-403.http",
        "anthropic-529-overloaded.http",
        "openai-400-context-length-exceeded.http"})
    public String fixture;

    private FailureClassifier classifier;
    private UpstreamAnswer answer;

    @Setup
    public void setUp() throws IOException {
        classifier = new FailureClassifier(FailurePhrases.defaults(), Clock.systemUTC());
        answer = load(Path.of(System.getProperty("keyrelay.fixtures", "src/test/resources/fixtures/errors"), fixture));
    }

    @Benchmark
    public Verdict classify() {
        return classifier.classify(answer);
    }

    /** A fixture file: status line, header lines, a blank line, the body (as the tests read them). */
    static UpstreamAnswer load(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        int blank = text.indexOf("\n\n");
        String head = blank < 0 ? text : text.substring(0, blank);
        String body = blank < 0 ? "" : text.substring(blank + 2);
        if (body.endsWith("\n")) {
            body = body.substring(0, body.length() - 1);
        }
        String[] lines = head.split("\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        return new UpstreamAnswer(status, headers, body);
    }
}
