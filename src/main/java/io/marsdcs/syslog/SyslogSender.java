package io.marsdcs.syslog;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends syslog datagrams to MARS over UDP. UDP gives no delivery receipt: "sent" means the
 * datagram left this host, which is what the outbox records.
 *
 * <p>Security exposure: sends only, to one configured address; binds an ephemeral port.
 */
public final class SyslogSender implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;
    private volatile InetSocketAddress target;

    public SyslogSender(InetSocketAddress target) {
        this.target = target;
        // A UDP channel keeps serving after an error (an ICMP unreachable must not stop reporting).
        this.channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInboundHandlerAdapter())
                .bind(0).syncUninterruptibly().channel();
    }

    public InetSocketAddress target() {
        return target;
    }

    /** Sends to {@code next} from now on (a reload that moved MARS). */
    public void retarget(InetSocketAddress next) {
        target = next;
    }

    public CompletableFuture<Void> send(byte[] datagram) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), target())).addListener(f -> {
            if (f.isSuccess()) done.complete(null);
            else done.completeExceptionally(f.cause());
        });
        return done;
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
