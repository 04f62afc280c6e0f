package org.keyrelay.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Measures a running JVM from outside, as an operator would: {@code /proc/PID/status} (VmRSS, VmHWM, Threads),
 * CPU from {@code /proc/PID/stat} over two seconds, heap used from {@code jstat -gc} (survivors + eden + old,
 * garbage included), then {@code jcmd PID GC.run} and the heap again (what is live).
 */
final class Probe implements Runnable {

    static final double CLOCK_TICKS = 100.0; // USER_HZ on Linux

    private final String pid;
    private final String prefix;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean started;

    Probe(String pid, String prefix) {
        this.pid = pid;
        this.prefix = prefix;
    }

    @Override
    public void run() {
        started = true;
        try {
            Out.kv(prefix + "threads", (long) status("Threads"));
            Out.kv(prefix + "rss_mb", mb(status("VmRSS")));
            double[] heap = heapKb();
            Out.kv(prefix + "heap_used_mb", mb(heap[0]));
            Out.kv(prefix + "heap_committed_mb", mb(heap[1]));
            long cpu = cpuTicks();
            long t = System.nanoTime();
            Thread.sleep(2000);
            double cpuPct = (cpuTicks() - cpu) / CLOCK_TICKS / ((System.nanoTime() - t) / 1e9) * 100;
            Out.kv(prefix + "cpu_pct", String.format(Locale.ROOT, "%.0f", cpuPct));
            Out.kv(prefix + "threads_later", (long) status("Threads"));
            run("jcmd", pid, "GC.run");
            Out.kv(prefix + "heap_live_mb", mb(heapKb()[0]));
            Out.kv(prefix + "rss_hwm_mb", mb(status("VmHWM")));
        } catch (Exception e) {
            Out.kv(prefix + "error", e.toString().replace('\n', ' '));
        } finally {
            done.countDown();
        }
    }

    void awaitDone() throws InterruptedException {
        if (started) {
            done.await(60, TimeUnit.SECONDS);
        }
    }

    private double status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith(field + ":")) {
                return Double.parseDouble(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("no " + field + " in /proc/" + pid + "/status");
    }

    private long cpuTicks() throws IOException {
        return cpuTicks(pid);
    }

    /** utime + stime of a process (or the sum over a comma-separated list: nginx's master and workers), in clock ticks. */
    static long cpuTicks(String pids) throws IOException {
        long ticks = 0;
        for (String pid : pids.split(",")) {
            String stat = Files.readString(Path.of("/proc", pid.strip(), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        }
        return ticks;
    }

    /** {used, committed} heap in KiB, from {@code jstat -gc}. */
    private double[] heapKb() throws Exception {
        String[] lines = run("jstat", "-gc", pid).trim().split("\n");
        String[] names = lines[0].trim().split("\\s+");
        String[] values = lines[1].trim().split("\\s+");
        double used = 0;
        double committed = 0;
        for (int i = 0; i < names.length; i++) {
            switch (names[i]) {
                case "S0U", "S1U", "EU", "OU" -> used += Double.parseDouble(values[i]);
                case "S0C", "S1C", "EC", "OC" -> committed += Double.parseDouble(values[i]);
                default -> { }
            }
        }
        return new double[] {used, committed};
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static String mb(double kb) {
        return String.format(Locale.ROOT, "%.1f", kb / 1024);
    }
}
