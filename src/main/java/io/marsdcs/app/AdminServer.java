package io.marsdcs.app;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code admin.listen}: {@code GET /metrics} (Prometheus text) and {@code GET /health} (JSON,
 * 200 or 503). Read-only; the work runs off the event loop because health writes to the store.
 *
 * <p>Security exposure: loopback by default (a warning at start otherwise); reveals counts and
 * server names, changes nothing.
 */
final class AdminServer implements AutoCloseable {
    /** What /health answers: the HTTP status and the JSON body. */
    record Health(boolean ok, String json) {}

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;

    AdminServer(InetSocketAddress listen, Supplier<String> metrics, Supplier<Health> health) throws IOException {
        try {
            channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new ReadTimeoutHandler(10), new HttpServerCodec(), new HttpObjectAggregator(4096),
                                    new Handler(metrics, health));
                        }
                    }).bind(listen).syncUninterruptibly().channel();
        } catch (Exception e) {   // Netty rethrows the checked BindException undeclared
            group.shutdownGracefully();
            throw new IOException("cannot listen for metrics and health on " + listen + ": " + e.getMessage() + " (change admin.listen)", e);
        }
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Supplier<String> metrics;
        private final Supplier<Health> health;

        Handler(Supplier<String> metrics, Supplier<Health> health) {
            this.metrics = metrics;
            this.health = health;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String path = req.uri().split("\\?", 2)[0];
            if (!HttpMethod.GET.equals(req.method())) {
                reply(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "GET only\n");
                return;
            }
            switch (path) {
                case "/metrics" -> java.util.concurrent.CompletableFuture.supplyAsync(metrics)
                        .whenComplete((text, e) -> ctx.executor().execute(() -> reply(ctx, e == null ? HttpResponseStatus.OK
                                : HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain; version=0.0.4; charset=utf-8", e == null ? text : e + "\n")));
                case "/health" -> java.util.concurrent.CompletableFuture.supplyAsync(health)
                        .whenComplete((h, e) -> ctx.executor().execute(() -> reply(ctx,
                                e == null && h.ok() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                                "application/json", e == null ? h.json() + "\n" : "{\"status\":\"failing\",\"error\":\"" + e + "\"}\n")));
                default -> reply(ctx, HttpResponseStatus.NOT_FOUND, "text/plain", "try /metrics or /health\n");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private static void reply(ChannelHandlerContext ctx, HttpResponseStatus status, String type, String body) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
            HttpUtil.setContentLength(r, r.content().readableBytes());
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
