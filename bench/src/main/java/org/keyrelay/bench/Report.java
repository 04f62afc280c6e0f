package org.keyrelay.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Prints bench/run's table from its results.properties (the key=value lines every step wrote) and the JMH CSV,
 * then checks the targets of issue 6. Missing numbers print as "n/a" and their target as "not measured".
 * <p>
 * Usage: {@code Report RESULTS_DIR} (reads results.properties and jmh.csv there).
 */
public final class Report {

    private final Properties r = new Properties();
    private final StringBuilder out = new StringBuilder();
    private final List<String[]> targets = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Report report = new Report();
        try (Reader in = Files.newBufferedReader(dir.resolve("results.properties"))) {
            report.r.load(in);
        }
        Path jmh = dir.resolve("jmh.csv");
        report.print(Files.isRegularFile(jmh) ? Files.readAllLines(jmh) : List.of());
        System.out.print(report.out);
    }

    private void print(List<String> jmh) {
        line("Keyrelay benchmark, %s: %s CPUs, %s", s("machine.date"), s("machine.cpus"), s("machine.java"));
        line("Keyrelay %s; warmed up for %s s before scenario 1", s("keyrelay.commit"), s("keyrelay.warmup_s"));
        line("Load average (1/5/15 min) at start: %s; at the end: %s. Keyrelay JVM options: %s",
                s("machine.load_start"), s("machine.load_end"), s("keyrelay.java_opts"));
        line("The load client, the stub upstream and the gateways share these CPUs; latencies in ms.");

        section("1. Small non-streaming chat completion, keep-alive");
        row("", "direct", "nginx", "Keyrelay", "Portkey");
        line("   closed loop: wrk -t2 -c%s, %s s per target", s("s1.wrk.connections"), s("s1.wrk.duration"));
        row("requests/s", each("s1.wrk.%s.rps", this::n0));
        row("p50 / p99", each("s1.wrk.%s", this::pair));
        row("errors / non-2xx", each("s1.wrk.%s", this::errs));
        line("   one request at a time: wrk -t1 -c1, %s s per target", s("s1.c1.duration"));
        row("requests/s", each("s1.c1.%s.rps", this::n0));
        row("p50 / p99", each("s1.c1.%s", this::pair));
        row("overhead p50 (over direct)", "-", diff("s1.c1.nginx.p50_us", "s1.c1.direct.p50_us"),
                diff("s1.c1.keyrelay.p50_us", "s1.c1.direct.p50_us"), "");
        line("   open loop at %s req/s (latency from each request's intended send time), %s s after %s s warm-up",
                s("s1.rate.direct.target_rps"), s("s1.rate.duration"), s("s1.rate.warmup"));
        row("achieved req/s", each("s1.rate.%s.rps", this::n0));
        row("p50 / p99", each("s1.rate.%s", this::pair));
        row("p99.9 / max", each("s1.rate.%s", p -> ms(p + ".p999_us") + " / " + ms(p + ".max_us")));
        row("overhead p50 / p99", "-", overhead("s1.rate.nginx"), overhead("s1.rate.keyrelay"), overhead("s1.rate.portkey"));
        row("server CPU per request (us)", each("s1.rate.%s.cpu_us_per_request", this::n0));
        row("errors / non-2xx", each("s1.rate.%s", this::errs));
        line("   open loop at %s req/s, %s s (a rate Portkey sustains here)", s("s1.low.direct.target_rps"), s("s1.low.duration"));
        row("achieved req/s", n0("s1.low.direct.rps"), "", "", n0("s1.low.portkey.rps"));
        row("p50 / p99", pair("s1.low.direct"), "", "", pair("s1.low.portkey"));
        row("overhead p50 / p99", "-", "", "", diff("s1.low.portkey.p50_us", "s1.low.direct.p50_us") + " / "
                + diff("s1.low.portkey.p99_us", "s1.low.direct.p99_us"));
        double ratio = d("s1.wrk.keyrelay.rps") / d("s1.wrk.portkey.rps");
        double ofNginx = d("s1.wrk.keyrelay.rps") / d("s1.wrk.nginx.rps") * 100;
        line("   throughput Keyrelay / Portkey (closed loop): %s", Double.isNaN(ratio) ? "n/a" : fmt("%.1fx", ratio));
        line("   throughput Keyrelay / nginx (closed loop): %s", Double.isNaN(ofNginx) ? "n/a" : fmt("%.1f %%", ofNginx));

        section("2. Streaming (" + s("s2.streams") + " SSE streams, " + s("s2.concurrency") + " at a time, "
                + s("s2.chunks") + " chunks " + s("s2.gap_ms") + " ms apart)");
        row("", "direct", "nginx", "Keyrelay", "Portkey");
        row("TTFB median / p99", each("s2.%s", this::ttfb));
        row("TTFB overhead (median)", "-", diff("s2.nginx.ttfb.p50_us", "s2.direct.ttfb.p50_us"),
                diff("s2.keyrelay.ttfb.p50_us", "s2.direct.ttfb.p50_us"),
                diff("s2.portkey.ttfb.p50_us", "s2.direct.ttfb.p50_us"));
        row("chunk gap mean / p99", each("s2.%s", this::gap));
        row("chunk gap min / max", each("s2.%s", p -> ms(p + ".gap.min_us") + " / " + ms(p + ".gap.max_us")));
        row("streams complete", each("s2.%s", this::complete));
        line("   %s streams one at a time (the hop alone: no stream waits for another's request)", s("s2one.streams"));
        row("TTFB median / p99", each("s2one.%s", this::ttfb));
        row("TTFB overhead (median)", "-", diff("s2one.nginx.ttfb.p50_us", "s2one.direct.ttfb.p50_us"),
                diff("s2one.keyrelay.ttfb.p50_us", "s2one.direct.ttfb.p50_us"),
                diff("s2one.portkey.ttfb.p50_us", "s2one.direct.ttfb.p50_us"));

        section("3. " + s("s3.streams") + " concurrent open streams through Keyrelay (" + s("s3.chunks")
                + " chunks " + s("s3.gap_ms") + " ms apart)");
        row("", "idle", "streams open", "");
        row("open at once", "-", s("s3.max_open"), "");
        row("resident memory (MB)", s("s3.idle.rss_mb"), s("s3.probe.rss_mb"), "");
        row("heap used / committed (MB)", s("s3.idle.heap_used_mb") + " / " + s("s3.idle.heap_committed_mb"),
                s("s3.probe.heap_used_mb") + " / " + s("s3.probe.heap_committed_mb"), "");
        row("heap live after a GC (MB)", "-", s("s3.probe.heap_live_mb"), "");
        row("live threads", s("s3.idle.threads"), s("s3.probe.threads") + " (2 s later: "
                + s("s3.probe.threads_later") + ")", "");
        row("gateway CPU (% of one core)", "-", s("s3.probe.cpu_pct"), "");
        line("   streams completed with every chunk: %s of %s (incomplete: %s, non-200: %s)",
                s("s3.complete"), s("s3.streams"), s("s3.incomplete"), s("s3.non200"));

        section("4. Rotation under failure (" + s("s4.keys") + " keys, " + s("s4.bad_keys")
                + " answer 429 with retry-after-ms " + s("s4.retry_after_ms") + ", " + s("s4.strategy") + ", "
                + s("s4.rate.target_rps") + " req/s for " + s("s4.duration") + " s)");
        line("   success rate seen by clients: %s %% (%s of %s; errors %s, non-2xx %s)",
                s("s4.rate.success_pct"), s("s4.rate.ok"), s("s4.rate.sent"), s("s4.rate.errors"), s("s4.rate.non2xx"));
        row("", "attempts = 1", "attempts > 1", "added");
        row("requests", s("s4.rate.a1.count"), s("s4.rate.aN.count"), "");
        row("latency p50", ms("s4.rate.a1.p50_us"), ms("s4.rate.aN.p50_us"),
                diff("s4.rate.aN.p50_us", "s4.rate.a1.p50_us"));
        row("latency p99", ms("s4.rate.a1.p99_us"), ms("s4.rate.aN.p99_us"),
                diff("s4.rate.aN.p99_us", "s4.rate.a1.p99_us"));

        section("5. JMH microbenchmarks (ns per operation, mean ± 99.9% error; 1 thread)");
        jmh(jmh);

        section("6. Startup: java -jar to the first successful proxied request (" + s("s6.runs") + " runs)");
        row("", "median", "min / max", "runs");
        row("plain java -jar", ms0("s6.plain.median_ms"), ms0("s6.plain.min_ms") + " / " + ms0("s6.plain.max_ms"),
                s("s6.plain.runs_ms"));
        row("with an AppCDS archive", ms0("s6.cds.median_ms"), ms0("s6.cds.min_ms") + " / " + ms0("s6.cds.max_ms"),
                s("s6.cds.runs_ms"));

        section("Targets (issue 6)");
        target("overhead p50 <= 0.3 ms at 1,000 req/s", sub("s1.rate.keyrelay.p50_us", "s1.rate.direct.p50_us") / 1000,
                0.3, "%.3f ms");
        target("overhead p99 <= 2 ms at 1,000 req/s", sub("s1.rate.keyrelay.p99_us", "s1.rate.direct.p99_us") / 1000,
                2.0, "%.3f ms");
        targetAtLeast("throughput >= 10x Portkey's (closed loop, same run)", ratio, 10, "%.1fx");
        target("TTFB overhead <= 2 ms (median)", sub("s2.keyrelay.ttfb.p50_us", "s2.direct.ttfb.p50_us") / 1000, 2.0,
                "%.3f ms");
        double gapMean = d("s2.keyrelay.gap.mean_us") / 1000 - d("s2.gap_ms");
        target("chunks 50 ms apart arrive 50 ms apart (|mean - 50| <= 1 ms)", Math.abs(gapMean), 1.0, "%.2f ms off");
        target("chunk gap p99 <= 55 ms", d("s2.keyrelay.gap.p99_us") / 1000, 55, "%.1f ms");
        target("1,000 open streams: heap used <= 256 MB", d("s3.probe.heap_used_mb"), 256, "%.0f MB");
        target("1,000 open streams: threads <= 64", d("s3.probe.threads"), 64, "%.0f");
        targetAtLeast("1,000 open streams: every stream complete", d("s3.complete"), d("s3.streams"), "%.0f");
        target("startup < 2 s (plain java -jar, median)", d("s6.plain.median_ms") / 1000, 2.0 - 1e-9, "%.2f s");
        target("startup < 2 s (with AppCDS, median)", d("s6.cds.median_ms") / 1000, 2.0 - 1e-9, "%.2f s");
        for (String[] t : targets) {
            line("   %-62s %-14s %s", t[0], t[1], t[2]);
        }
        int issue6 = targets.size();
        line("");
        line("Targets (issue 12: close to the limit)");
        target("server CPU per request at 1,000 req/s <= 120 us", d("s1.rate.keyrelay.cpu_us_per_request"), 120, "%.0f us");
        targetAtLeast("closed-loop throughput >= 25 % of nginx's (same run)", ofNginx, 25, "%.1f %%");
        target("p50 overhead at concurrency 1 <= 0.15 ms", sub("s1.c1.keyrelay.p50_us", "s1.c1.direct.p50_us") / 1000,
                0.15, "%.3f ms");
        target("open loop 1,000 req/s overhead p50 <= 0.2 ms",
                sub("s1.rate.keyrelay.p50_us", "s1.rate.direct.p50_us") / 1000, 0.2, "%.3f ms");
        target("open loop 1,000 req/s overhead p99 <= 1.5 ms",
                sub("s1.rate.keyrelay.p99_us", "s1.rate.direct.p99_us") / 1000, 1.5, "%.3f ms");
        target("streaming TTFB overhead <= 0.5 ms (median)",
                sub("s2.keyrelay.ttfb.p50_us", "s2.direct.ttfb.p50_us") / 1000, 0.5, "%.3f ms");
        target("1,000 open streams: heap used <= 128 MB", d("s3.probe.heap_used_mb"), 128, "%.0f MB");
        target("1,000 open streams: heap live after GC <= 48 MB", d("s3.probe.heap_live_mb"), 48, "%.0f MB");
        target("1,000 open streams: threads <= 40", d("s3.probe.threads"), 40, "%.0f");
        target("plain java -jar to first proxied answer <= 2.0 s", d("s6.plain.median_ms") / 1000, 2.0, "%.2f s");
        for (String[] t : targets.subList(issue6, targets.size())) {
            line("   %-62s %-14s %s", t[0], t[1], t[2]);
        }
        double load = parse(s("machine.load_start").split(" ")[0]);
        double cpus = d("machine.cpus");
        if (load > cpus || parse(s("machine.load_end").split(" ")[0]) > cpus) {
            line("   NOTE: the load average (%s at the start, %s at the end) was above the number of CPUs (%s):",
                    s("machine.load_start"), s("machine.load_end"), s("machine.cpus"));
            line("   other processes competed for the CPUs, so latency and startup verdicts are not conclusive;");
            line("   re-run bench/run on a quiet machine for the figures that count.");
        }
    }

    private void jmh(List<String> csv) {
        if (csv.size() < 2) {
            line("   not measured");
            return;
        }
        List<String> head = cells(csv.get(0));
        int bench = head.indexOf("Benchmark");
        int score = head.indexOf("Score");
        int error = head.indexOf("Score Error (99.9%)");
        for (String rowText : csv.subList(1, csv.size())) {
            List<String> c = cells(rowText);
            String name = c.get(bench).replace("org.keyrelay.bench.jmh.", "");
            StringBuilder params = new StringBuilder();
            for (int i = 0; i < head.size(); i++) {
                if (head.get(i).startsWith("Param: ") && i < c.size() && !c.get(i).isEmpty()) {
                    params.append(params.length() == 0 ? "" : ", ").append(head.get(i).substring(7)).append('=')
                            .append(c.get(i));
                }
            }
            line("   %-88s %9s ± %s", name.replace("Benchmark.", ".") + " (" + params + ")",
                    fmt("%.1f", Double.parseDouble(c.get(score))), fmt("%.1f", parse(c.get(error))));
        }
    }

    private static double parse(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static List<String> cells(String csvLine) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char ch : csvLine.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private void target(String name, double value, double limit, String format) {
        targets.add(new String[] {name, Double.isNaN(value) ? "n/a" : fmt(format, value),
                Double.isNaN(value) ? "not measured" : value <= limit ? "MET" : "MISSED"});
    }

    private void targetAtLeast(String name, double value, double limit, String format) {
        targets.add(new String[] {name, Double.isNaN(value) ? "n/a" : fmt(format, value),
                Double.isNaN(value) || Double.isNaN(limit) ? "not measured" : value >= limit ? "MET" : "MISSED"});
    }

    private void section(String title) {
        out.append('\n').append(title).append('\n');
    }

    private void row(String label, String... cells) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "   %-30s", label));
        for (String c : cells) {
            sb.append(String.format(Locale.ROOT, " %18s", c));
        }
        out.append(sb.toString().stripTrailing()).append('\n');
    }

    /** One cell per gateway column (direct, nginx, Keyrelay, Portkey): {@code key} with the target's name in it. */
    private String[] each(String key, java.util.function.Function<String, String> cell) {
        return java.util.stream.Stream.of("direct", "nginx", "keyrelay", "portkey")
                .map(t -> cell.apply(String.format(Locale.ROOT, key, t))).toArray(String[]::new);
    }

    private void line(String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private String s(String key) {
        return r.getProperty(key, "n/a");
    }

    private double d(String key) {
        String v = r.getProperty(key);
        return v == null ? Double.NaN : parse(v);
    }

    private double sub(String a, String b) {
        return d(a) - d(b);
    }

    private String ms(String keyUs) {
        double v = d(keyUs);
        return Double.isNaN(v) ? "n/a" : fmt("%.3f", v / 1000);
    }

    private String ms0(String keyMs) {
        double v = d(keyMs);
        return Double.isNaN(v) ? "n/a" : fmt("%.0f ms", v);
    }

    private String n0(String key) {
        double v = d(key);
        return Double.isNaN(v) ? "n/a" : fmt("%,.0f", v);
    }

    private String pair(String prefix) {
        return ms(prefix + ".p50_us") + " / " + ms(prefix + ".p99_us");
    }

    private String errs(String prefix) {
        return s(prefix + ".errors") + " / " + s(prefix + ".non2xx");
    }

    private String overhead(String prefix) {
        return diff(prefix + ".p50_us", "s1.rate.direct.p50_us") + " / " + diff(prefix + ".p99_us", "s1.rate.direct.p99_us");
    }

    private String diff(String aUs, String bUs) {
        double v = sub(aUs, bUs);
        return Double.isNaN(v) ? "n/a" : fmt("%+.3f", v / 1000);
    }

    private String ttfb(String prefix) {
        return ms(prefix + ".ttfb.p50_us") + " / " + ms(prefix + ".ttfb.p99_us");
    }

    private String gap(String prefix) {
        return ms(prefix + ".gap.mean_us") + " / " + ms(prefix + ".gap.p99_us");
    }

    private String complete(String prefix) {
        return s(prefix + ".complete") + " / " + s(prefix + ".streams");
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
