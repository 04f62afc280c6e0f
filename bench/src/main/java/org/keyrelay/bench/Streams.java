package org.keyrelay.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Opens SSE streams and times what the client sees: time to first byte (request written to first body bytes),
 * the gap between consecutive events (an event ends at a blank line), and whether each stream delivered every
 * event it should and ended properly. {@code --concurrency} streams run at once, each slot on one keep-alive
 * connection; {@code --count} in all.
 * <p>
 * With {@code --probe-pid}, once every stream is open at the same time (concurrency = count), {@link Probe}
 * measures that process: resident memory, threads, heap used, heap live after a GC, CPU.
 * <p>
 * Usage: {@code Streams --url U --count N --concurrency C --events E [--body JSON] [--header "N: v"]...
 * [--label L] [--probe-pid PID] [--timeout-s S]}
 */
public final class Streams {

    private final Target target;
    private final int count;
    private final int expectedEvents;
    private final Bootstrap bootstrap;
    private final EventLoop loop;

    // event-loop state
    private int started;
    private int openNow;
    private int everOpened;
    private final long[] ttfb;
    private long[] gaps = new long[1 << 16];
    private int nGaps;
    private int complete;
    private int incomplete;
    private int non200;
    private final CountDownLatch finished;
    private final Runnable allOpen;

    Streams(Target target, int count, int expectedEvents, EventLoopGroup group, Transport transport, Runnable allOpen) {
        this.target = target;
        this.count = count;
        this.expectedEvents = expectedEvents;
        this.ttfb = new long[count];
        this.finished = new CountDownLatch(count);
        this.allOpen = allOpen;
        this.loop = group.next();
        this.bootstrap = new Bootstrap().group(loop).channel(transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10000)
                .remoteAddress(target.host(), target.port())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new Stream());
                    }
                });
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        Target target = Target.of(a);
        int count = a.integer("--count", 200);
        int concurrency = Math.min(count, a.integer("--concurrency", 20));
        String label = a.string("--label", "streams");
        String pid = a.string("--probe-pid", null);
        Transport transport = Transport.best();
        EventLoopGroup group = transport.group(1, "streams");
        Probe probe = pid == null ? null : new Probe(pid, label + ".probe.");
        Streams run = new Streams(target, count, a.integer("--events", 21), group, transport,
                probe == null ? () -> { } : () -> new Thread(probe, "probe").start());
        long t0 = System.nanoTime();
        run.loop.execute(() -> {
            for (int s = 0; s < concurrency; s++) {
                run.next(null);
            }
        });
        boolean all = run.finished.await(a.integer("--timeout-s", 120), TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (probe != null) {
            probe.awaitDone();
        }
        run.loop.submit(() -> run.report(label + ".", all, seconds, concurrency)).sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** Starts the next stream on this slot's connection (or a new one), if any is left to start. */
    private void next(Channel reuse) {
        if (started == count) {
            if (reuse != null) {
                reuse.close();
            }
            return;
        }
        int id = started++;
        if (reuse != null && reuse.isActive()) {
            begin(reuse, id);
            return;
        }
        bootstrap.connect().addListener(f -> {
            Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
            if (f.isSuccess()) {
                begin(ch, id);
            } else {
                incomplete++;
                finished.countDown();
                next(null);
            }
        });
    }

    private void begin(Channel ch, int id) {
        Stream s = ch.pipeline().get(Stream.class);
        s.reset(id);
        ch.writeAndFlush(target.request());
    }

    private void report(String p, boolean all, double seconds, int concurrency) {
        Out.kv(p + "streams", count);
        Out.kv(p + "concurrency", concurrency);
        Out.kv(p + "complete", complete);
        Out.kv(p + "incomplete", count - complete);
        Out.kv(p + "non200", non200);
        Out.kv(p + "max_open", everOpened);
        Out.kv(p + "all_finished", all);
        Out.kv(p + "seconds", String.format(Locale.ROOT, "%.2f", seconds));
        long[] firsts = Arrays.stream(ttfb).filter(v -> v > 0).toArray();
        new Stats(firsts, firsts.length).print(p + "ttfb.");
        new Stats(gaps, nGaps).print(p + "gap.");
    }

    /** One connection's handler; it carries one stream at a time. */
    private final class Stream extends ChannelInboundHandlerAdapter {
        int id = -1;
        long sentAt;
        long lastEvent;
        int events;
        boolean newline;
        boolean keepAlive;
        boolean ok;

        void reset(int next) {
            id = next;
            sentAt = System.nanoTime();
            lastEvent = 0;
            events = 0;
            newline = false;
            ok = false;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            long now = System.nanoTime();
            try {
                if (id < 0) {
                    return;
                }
                if (msg instanceof HttpResponse r) {
                    ok = r.status().code() == 200;
                    keepAlive = HttpUtil.isKeepAlive(r);
                    if (!ok) {
                        non200++;
                    }
                }
                if (msg instanceof HttpContent c) {
                    ByteBuf b = c.content();
                    if (ok && b.isReadable() && ttfb[id] == 0) {
                        ttfb[id] = now - sentAt;
                        openNow++;
                        everOpened = Math.max(everOpened, openNow);
                        if (everOpened == count && openNow == count) {
                            allOpen.run();
                        }
                    }
                    for (int i = b.readerIndex(); i < b.writerIndex(); i++) {
                        byte x = b.getByte(i);
                        if (x == '\n') {
                            if (newline) {
                                event(now);
                                newline = false;
                            } else {
                                newline = true;
                            }
                        } else if (x != '\r') {
                            newline = false;
                        }
                    }
                    if (msg instanceof LastHttpContent) {
                        end(ctx.channel(), ok && events == expectedEvents);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void event(long now) {
            if (events > 0) {
                if (nGaps == gaps.length) {
                    gaps = Arrays.copyOf(gaps, gaps.length * 2);
                }
                gaps[nGaps++] = now - lastEvent;
            }
            lastEvent = now;
            events++;
        }

        private void end(Channel ch, boolean whole) {
            if (ttfb[id] != 0) {
                openNow--;
            }
            if (whole) {
                complete++;
            } else {
                incomplete++;
            }
            id = -1;
            finished.countDown();
            next(keepAlive ? ch : null);
            if (!keepAlive) {
                ch.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (id >= 0) {
                end(ctx.channel(), false);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
