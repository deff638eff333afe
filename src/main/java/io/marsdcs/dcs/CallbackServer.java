package io.marsdcs.dcs;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The HTTP listener DCS servers send results to ({@code dcs.listen}, default port 1080).
 *
 * <p>Security exposure: reachable by any host that can route to the port; answers only configured
 * DCS servers' addresses (403 otherwise), bodies capped at 64 KB, idle connections closed.
 */
public final class CallbackServer implements AutoCloseable {
    public static final String PATH = "/dcs-result";

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    private CallbackServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel) {
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
    }

    /**
     * Binds first (the guide's 1.0.2 fix: check the port before registering anywhere); a port in
     * use is an error that names it.
     */
    public static CallbackServer start(InetSocketAddress listen, Predicate<InetAddress> allowedPeers, ResultSink sink)
            throws IOException {
        return start(listen, allowedPeers, sink, client -> java.util.Optional.empty());
    }

    /** With the CCA redirect: {@code cca} gives the manual cleanup page for a client, when there is one. */
    public static CallbackServer start(InetSocketAddress listen, Predicate<InetAddress> allowedPeers, ResultSink sink,
                                       java.util.function.Function<InetAddress, java.util.Optional<String>> cca) throws IOException {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            Channel ch = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new CallbackServerInitializer(allowedPeers, sink, cca))
                    .bind(listen).syncUninterruptibly().channel();
            return new CallbackServer(boss, workers, ch);
        } catch (Exception e) {   // Netty rethrows the checked BindException without declaring it
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            String hint = causedByBind(e) ? " (is another program using the port? change dcs.listen)" : "";
            throw new IOException("cannot listen for DCS results on " + listen + ": " + rootMessage(e) + hint, e);
        }
    }

    private static boolean causedByBind(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) if (c instanceof BindException) return true;
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) c = c.getCause();
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        // No quiet period: the listening socket is already closed, nothing new can arrive.
        boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
