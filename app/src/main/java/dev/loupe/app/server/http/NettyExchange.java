package dev.loupe.app.server.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An {@link Exchange} on a Netty channel; its request was copied out of Netty's buffers, so it outlives them. */
final class NettyExchange implements Exchange {
    private static final Logger ACCESS = LoggerFactory.getLogger("dev.loupe.app.server.access");

    private final Channel channel;
    private final String method;
    private final String path;
    private final HttpHeaders headers;
    private final byte[] body;
    private final HttpLimits limits;
    private final Runnable onComplete;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean responded = new AtomicBoolean();
    private final List<Runnable> goneActions = new ArrayList<>(1);
    private final ReentrantLock writable = new ReentrantLock();
    private final Condition writableChanged = writable.newCondition();
    private volatile boolean gone;
    private final AtomicBoolean complete = new AtomicBoolean();
    private volatile int status;

    NettyExchange(Channel channel, FullHttpRequest request, HttpLimits limits, Runnable onComplete) {
        this.channel = channel;
        this.method = request.method().name();
        this.path = new QueryStringDecoder(request.uri()).path();
        this.headers = request.headers().copy();
        this.body = ByteBufUtil.getBytes(request.content());
        this.limits = limits;
        this.onComplete = onComplete;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    @Override
    public byte[] body() {
        return body;
    }

    boolean hasResponded() {
        return responded.get();
    }

    @Override
    public void respond(int status, String contentType, byte[] content, Map<String, String> extraHeaders) {
        claim(status);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(content));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        extraHeaders.forEach(response.headers()::set);
        HttpUtil.setContentLength(response, content.length);
        channel.writeAndFlush(response).addListener(f -> completed(f.isSuccess()));
    }

    @Override
    public EventStream openEventStream(Map<String, String> extraHeaders) {
        claim(200);
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        extraHeaders.forEach(response.headers()::set);
        HttpUtil.setTransferEncodingChunked(response, true);
        channel.writeAndFlush(response);
        return new Stream();
    }

    private void claim(int code) {
        if (!responded.compareAndSet(false, true)) {
            throw new IllegalStateException("this exchange has already been answered");
        }
        status = code;
    }

    private void completed(boolean written) {
        if (!complete.compareAndSet(false, true)) {
            return;
        }
        ACCESS.info("{} {} {} {} ms{}", method, path, status, (System.nanoTime() - startNanos) / 1_000_000,
                written ? "" : " (client gone)");
        channel.eventLoop().execute(onComplete);
    }

    @Override
    public void onClientGone(Runnable action) {
        boolean runNow;
        synchronized (goneActions) {
            runNow = gone;
            if (!runNow) {
                goneActions.add(action);
            }
        }
        if (runNow) {
            action.run();
        }
    }

    @Override
    public boolean isOpen() {
        return !gone && channel.isActive();
    }

    /** The connection closed; runs the registered actions once, unless the response was already complete. */
    void clientGone() {
        List<Runnable> actions;
        synchronized (goneActions) {
            if (gone) {
                return;
            }
            gone = true;
            actions = List.copyOf(goneActions);
            goneActions.clear();
        }
        wakeWriters();
        if (!complete.get()) {
            actions.forEach(Runnable::run);
            if (responded.get()) {
                completed(false);
            }
        }
    }

    void writabilityChanged() {
        wakeWriters();
    }

    private void wakeWriters() {
        writable.lock();
        try {
            writableChanged.signalAll();
        } finally {
            writable.unlock();
        }
    }

    private final class Stream implements EventStream {
        private boolean ended;

        @Override
        public void send(String data) {
            if (ended || gone) {
                return;
            }
            awaitWritable();
            if (gone) {
                return;
            }
            byte[] bytes = ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
        }

        /** Waits while Netty's outbound buffer is above its high-water mark; gives up on a client that reads nothing. */
        private void awaitWritable() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limits.stalledWriteTimeoutSeconds());
            writable.lock();
            try {
                while (!channel.isWritable() && !gone) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        ACCESS.info("{} {}: the client read nothing for {} s; closing the connection", method, path,
                                limits.stalledWriteTimeoutSeconds());
                        channel.close();
                        return;
                    }
                    writableChanged.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                channel.close();
            } finally {
                writable.unlock();
            }
        }

        @Override
        public void end() {
            if (ended) {
                return;
            }
            ended = true;
            if (gone) {
                return;
            }
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> completed(f.isSuccess()));
        }
    }
}
