package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Latency figures cover the last 100 answers: average, median and 95th percentile by nearest rank. */
class LatencyWindowTest {

    @Test
    void should_summarise_the_answers_it_holds() {
        LatencyWindow window = new LatencyWindow();
        for (int ms = 1; ms <= 20; ms++) {
            window.add(Duration.ofMillis(ms));
        }

        assertEquals(new LatencySummary(20, 10.5, 10, 19), window.summary());
    }

    @Test
    void should_keep_only_the_last_hundred() {
        LatencyWindow window = new LatencyWindow();
        for (int ms = 1; ms <= 150; ms++) {
            window.add(Duration.ofMillis(ms));
        }

        assertEquals(new LatencySummary(100, 100.5, 100, 145), window.summary(), "51..150 ms");
    }

    @Test
    void should_not_be_moved_by_the_order_of_arrival() {
        LatencyWindow window = new LatencyWindow();
        for (int ms : new int[] {900, 10, 500, 20, 30}) {
            window.add(Duration.ofMillis(ms));
        }

        assertEquals(new LatencySummary(5, 292, 30, 900), window.summary());
    }

    @Test
    void should_keep_sub_millisecond_precision() {
        LatencyWindow window = new LatencyWindow();
        window.add(Duration.ofNanos(1_500_000));

        assertEquals(1.5, window.summary().p50Millis());
    }
}
