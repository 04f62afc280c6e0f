package org.keyrelay.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop, fixed-rate HTTP load client (what wrk2 does, which Debian does not ship). Request i is due at
 * {@code start + i / rate}, whether or not earlier ones have been answered; its latency is measured from that
 * due time, not from when it could be sent, so a stalled server cannot hide its stall (no coordinated
 * omission). Keep-alive connections are reused (last used first); a new one is opened when none is idle, up
 * to {@code --connections}; beyond that requests queue, and the queueing counts in their latency.
 * <p>
 * Answers carrying {@code X-Keyrelay-Attempts} are also split by it: {@code a1} (served by the first key) and
 * {@code aN} (rotated at least once).
 * <p>
 * Usage: {@code FixedRate --url U --rate R --duration S [--warmup S] [--connections N] [--body JSON]
 * [--header "Name: value"]... [--label L]}
 */
public final class FixedRate {

    private static final AttributeKey<Integer> REQUEST = AttributeKey.valueOf("request");

    private final Target target;
    private final int maxConnections;
    private final Bootstrap bootstrap;
    private final EventLoop loop;

    private final long[] due;
    private final long[] sent;
    private final long[] done;
    private final int[] status;
    private final int[] attempts;

    // event-loop state
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private final ArrayDeque<Integer> pending = new ArrayDeque<>();
    private int open;
    private int maxOpen;
    private volatile int finished;
    private int failures;

    FixedRate(Target target, int total, int maxConnections, EventLoopGroup group, Transport transport) {
        this.target = target;
        this.maxConnections = maxConnections;
        this.loop = group.next();
        this.due = new long[total];
        this.sent = new long[total];
        this.done = new long[total];
        this.status = new int[total];
        this.attempts = new int[total];
        this.bootstrap = new Bootstrap().group(loop).channel(transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .remoteAddress(target.host(), target.port())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(16 * 1024 * 1024),
                                new Answers());
                    }
                });
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        Target target = Target.of(a);
        double rate = a.decimal("--rate", 1000);
        double duration = a.decimal("--duration", 20);
        double warmup = a.decimal("--warmup", 5);
        String label = a.string("--label", "rate");
        int total = (int) Math.round(rate * (warmup + duration));
        Transport transport = Transport.best();
        EventLoopGroup group = transport.group(1, "load");
        FixedRate run = new FixedRate(target, total, a.integer("--connections", 256), group, transport);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long period = (long) (1e9 / rate);
        for (int i = 0; i < total; i++) {
            run.due[i] = start + i * period;
        }
        String cpuPid = a.string("--cpu-pid", null);
        int firstMeasured = (int) Math.round(rate * warmup);
        long cpuAtStart = 0;
        long cpuStartNanos = 0;
        for (int i = 0; i < total; i++) {
            if (i == firstMeasured && cpuPid != null) {
                cpuAtStart = Probe.cpuTicks(cpuPid);
                cpuStartNanos = System.nanoTime();
            }
            long wait;
            while ((wait = run.due[i] - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int request = i;
            run.loop.execute(() -> run.send(request));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(a.integer("--timeout-s", 15));
        while (run.finished < total && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        run.loop.submit(() -> { }).sync();
        run.report(label + ".", start + (long) (warmup * 1e9), duration, rate);
        if (cpuPid != null) {
            double cpuSeconds = (Probe.cpuTicks(cpuPid) - cpuAtStart) / Probe.CLOCK_TICKS;
            double wall = (System.nanoTime() - cpuStartNanos) / 1e9;
            Out.kv(label + ".cpu_pct", String.format(Locale.ROOT, "%.0f", 100 * cpuSeconds / wall));
            Out.kv(label + ".cpu_us_per_request", String.format(Locale.ROOT, "%.0f",
                    cpuSeconds * 1e6 / Math.max(1, total - firstMeasured)));
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private void send(int i) {
        Channel ch = idle.pollFirst();
        if (ch != null) {
            fire(ch, i);
        } else if (open < maxConnections) {
            connect(i);
        } else {
            pending.addLast(i);
        }
    }

    private void connect(int i) {
        open++;
        maxOpen = Math.max(maxOpen, open);
        ChannelFuture f = bootstrap.connect();
        f.addListener(x -> {
            if (f.isSuccess()) {
                f.channel().closeFuture().addListener(c -> closed(f.channel()));
                fire(f.channel(), i);
            } else {
                open--;
                fail(i);
            }
        });
    }

    private void fire(Channel ch, int i) {
        ch.attr(REQUEST).set(i);
        sent[i] = System.nanoTime();
        ch.writeAndFlush(target.request());
    }

    private void answered(Channel ch, FullHttpResponse response) {
        Integer i = ch.attr(REQUEST).getAndSet(null);
        if (i == null) {
            return;
        }
        done[i] = System.nanoTime();
        status[i] = response.status().code();
        String n = response.headers().get("X-Keyrelay-Attempts");
        attempts[i] = n == null ? 0 : Integer.parseInt(n);
        finished++;
        if (HttpUtil.isKeepAlive(response)) {
            release(ch);
        } else {
            ch.close();
        }
    }

    private void release(Channel ch) {
        Integer next = pending.pollFirst();
        if (next != null) {
            fire(ch, next);
        } else {
            idle.addFirst(ch);
        }
    }

    private void closed(Channel ch) {
        open--;
        idle.remove(ch);
        Integer i = ch.attr(REQUEST).getAndSet(null);
        if (i != null) {
            fail(i);
        }
        Integer next = pending.pollFirst();
        if (next != null) {
            connect(next);
        }
    }

    private void fail(int i) {
        status[i] = -1;
        done[i] = System.nanoTime();
        failures++;
        finished++;
    }

    private void report(String p, long measureFrom, double duration, double rate) {
        int n = due.length;
        long[] all = new long[n];
        long[] service = new long[n];
        long[] first = new long[n];
        long[] rotated = new long[n];
        int measured = 0;
        int ok = 0;
        int non2xx = 0;
        int errors = 0;
        int unanswered = 0;
        int nFirst = 0;
        int nRotated = 0;
        for (int i = 0; i < n; i++) {
            if (due[i] < measureFrom) {
                continue;
            }
            measured++;
            if (done[i] == 0) {
                unanswered++;
                continue;
            }
            if (status[i] < 0) {
                errors++;
                continue;
            }
            if (status[i] >= 200 && status[i] < 300) {
                ok++;
            } else {
                non2xx++;
            }
            long latency = done[i] - due[i];
            service[ok + non2xx - 1] = done[i] - sent[i];
            all[ok + non2xx - 1] = latency;
            if (attempts[i] == 1) {
                first[nFirst++] = latency;
            } else if (attempts[i] > 1) {
                rotated[nRotated++] = latency;
            }
        }
        int answered = ok + non2xx;
        Out.kv(p + "target_rps", String.format(Locale.ROOT, "%.0f", rate));
        Out.kv(p + "sent", measured);
        Out.kv(p + "ok", ok);
        Out.kv(p + "non2xx", non2xx);
        Out.kv(p + "errors", errors);
        Out.kv(p + "unanswered", unanswered);
        Out.kv(p + "success_pct", String.format(Locale.ROOT, "%.3f", measured == 0 ? 0 : 100.0 * ok / measured));
        Out.kv(p + "rps", String.format(Locale.ROOT, "%.1f", answered / duration));
        Out.kv(p + "connections", maxOpen);
        new Stats(all, answered).print(p);
        new Stats(service, answered).print(p + "service.");
        if (nFirst + nRotated > 0) {
            new Stats(first, nFirst).print(p + "a1.");
            new Stats(rotated, nRotated).print(p + "aN.");
        }
    }

    private final class Answers extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            answered(ctx.channel(), response);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
