package dev.loupe.app.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests of one connection, answered one at a time and in order. Every method runs on the connection's
 * event loop, so the fields need no locking.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

    private final ExchangeHandler handler;
    private final HttpLimits limits;
    private final ErrorRenderer errors;
    private final ArrayDeque<FullHttpRequest> pipelined = new ArrayDeque<>();
    private NettyExchange current;

    ConnectionHandler(ExchangeHandler handler, HttpLimits limits, ErrorRenderer errors) {
        this.handler = handler;
        this.limits = limits;
        this.errors = errors;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (request.decoderResult().isFailure()) {
            rejectUnreadable(ctx, request);
            return;
        }
        if (current == null) {
            start(ctx, request);
        } else if (pipelined.size() < limits.maxPipelinedRequests()) {
            pipelined.add(request);
        } else {
            LOG.info("Closing {}: more than {} pipelined requests", ctx.channel().remoteAddress(), limits.maxPipelinedRequests());
            request.release();
            ctx.close();
        }
    }

    private void start(ChannelHandlerContext ctx, FullHttpRequest request) {
        NettyExchange exchange;
        try {
            exchange = new NettyExchange(ctx.channel(), request, limits, () -> finished(ctx));
        } finally {
            request.release();
        }
        current = exchange;
        try {
            handler.handle(exchange);
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure handling {} {}", exchange.method(), exchange.path(), e);
            if (!exchange.hasResponded()) {
                exchange.respond(500, "application/json", errors.render(500, "The server failed unexpectedly; the details are in its log."), Map.of());
            }
        }
    }

    /** The response of {@link #current} has been written: serve the next pipelined request, if any. */
    private void finished(ChannelHandlerContext ctx) {
        current = null;
        FullHttpRequest next = pipelined.poll();
        if (next != null && ctx.channel().isActive()) {
            start(ctx, next);
        } else if (next != null) {
            next.release();
        }
    }

    private void rejectUnreadable(ChannelHandlerContext ctx, FullHttpRequest request) {
        Throwable cause = request.decoderResult().cause();
        request.release();
        HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : HttpResponseStatus.BAD_REQUEST;
        LOG.info("{} from {}: unreadable request ({})", status.code(), ctx.channel().remoteAddress(), cause.getMessage());
        byte[] body = errors.render(status.code(), status.code() == 400
                ? "The request is not valid HTTP/1.1." : "The request line or headers are larger than this server accepts.");
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpUtil.setContentLength(response, body.length);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (current != null) {
            current.clientGone();
        }
        pipelined.forEach(FullHttpRequest::release);
        pipelined.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current != null) {
            current.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && current == null) {
            ctx.close(); // an idle keep-alive connection; one with a request in progress stays open however long it takes
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("Connection {} failed", ctx.channel().remoteAddress(), cause); // resets by clients are routine
        } else {
            LOG.warn("Closing connection {} after an unexpected failure", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
