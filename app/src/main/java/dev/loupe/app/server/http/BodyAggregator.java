package dev.loupe.app.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Collects a request body up to the limit; a larger body is answered with 413 in the API's error shape. */
final class BodyAggregator extends HttpObjectAggregator {
    private static final Logger LOG = LoggerFactory.getLogger(BodyAggregator.class);

    private final ErrorRenderer errors;

    BodyAggregator(int maxBodyBytes, ErrorRenderer errors) {
        super(maxBodyBytes);
        this.errors = errors;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest request)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        LOG.info("{} {} 413 (body over {} bytes) from {}", request.method(), request.uri(), maxContentLength(), ctx.channel().remoteAddress());
        byte[] body = errors.render(413, "The request body is larger than this server's limit of " + maxContentLength()
                + " bytes; send less, or restart the server with a larger --max-body-bytes.");
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        HttpUtil.setContentLength(response, body.length);
        // Like Netty's own handling: when the body already arrived, or the connection is not kept alive, close after
        // answering; otherwise keep it, and the aggregator discards the rest of the body as it comes. Closing while
        // the client still sends would reset the connection before it could read the 413.
        if (oversized instanceof FullHttpMessage || !HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }
}
