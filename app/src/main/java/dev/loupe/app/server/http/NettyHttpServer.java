package dev.loupe.app.server.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/1.1 on Netty. Netty keeps reading every connection while a request is being handled, so a client that
 * closes its connection is noticed at once (see {@link Exchange#onClientGone}) — also while its request waits
 * in a queue or generates without writing anything. Bodies are aggregated up to {@link HttpLimits#maxBodyBytes};
 * requests a connection pipelines are answered in order, one at a time.
 *
 * <p>Thread-safe. {@link #close()} closes the listening socket and every open connection.
 */
public final class NettyHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NettyHttpServer.class);

    private final EventLoopGroup acceptor;
    private final EventLoopGroup network;
    private final ChannelGroup channels;
    private final Channel listening;

    private NettyHttpServer(EventLoopGroup acceptor, EventLoopGroup network, ChannelGroup channels, Channel listening) {
        this.acceptor = acceptor;
        this.network = network;
        this.channels = channels;
        this.listening = listening;
    }

    /**
     * Binds {@code address} (port 0 picks a free port) and serves requests with {@code handler}.
     *
     * @throws HttpServerException when the address cannot be bound (in use, not local, not permitted)
     */
    public static NettyHttpServer start(InetSocketAddress address, HttpLimits limits, ExchangeHandler handler, ErrorRenderer errors) {
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("loupe-api-accept", true), NioIoHandler.newFactory());
        // Two network threads are plenty: they only parse, route and copy bytes; generation runs elsewhere.
        EventLoopGroup network = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("loupe-api-net", true), NioIoHandler.newFactory());
        ChannelGroup channels = new DefaultChannelGroup("loupe-api", GlobalEventExecutor.INSTANCE);
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(Math.min(limits.maxHeaderBytes(), 16 * 1024))
                .setMaxHeaderSize(limits.maxHeaderBytes());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, network)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true) // server-sent events are small and must not wait
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        ch.pipeline()
                                .addLast("idle", new IdleStateHandler(0, 0, limits.idleTimeoutSeconds(), TimeUnit.SECONDS))
                                .addLast("codec", new HttpServerCodec(decoder))
                                .addLast("keep-alive", new HttpServerKeepAliveHandler())
                                .addLast("body", new BodyAggregator(limits.maxBodyBytes(), errors))
                                .addLast("exchanges", new ConnectionHandler(handler, limits, errors));
                    }
                });
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            network.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            Throwable cause = bound.cause();
            String reason = cause instanceof BindException ? "it is in use, or not an address of this machine" : String.valueOf(cause);
            throw new HttpServerException("The API server cannot listen on " + address.getHostString() + ":" + address.getPort()
                    + " (" + reason + "); choose another --host or --port.", cause);
        }
        Channel listening = bound.channel();
        LOG.info("API server listening on {}", listening.localAddress());
        return new NettyHttpServer(acceptor, network, channels, listening);
    }

    /** The bound address, with the actual port when port 0 was asked for. */
    public InetSocketAddress address() {
        return (InetSocketAddress) listening.localAddress();
    }

    /** Stops listening and closes every connection; blocks until the network threads have stopped. */
    @Override
    public void close() {
        listening.close().syncUninterruptibly();
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        network.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
