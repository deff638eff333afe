package io.marsdcs.dcs;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetAddress;
import java.util.function.Predicate;

/** The whole callback pipeline in one place. */
final class CallbackServerInitializer extends ChannelInitializer<SocketChannel> {
    static final int MAX_BODY = 64 * 1024;

    private final Predicate<InetAddress> allowedPeers;
    private final ResultSink sink;
    private final java.util.function.Function<InetAddress, java.util.Optional<String>> cca;

    CallbackServerInitializer(Predicate<InetAddress> allowedPeers, ResultSink sink,
                              java.util.function.Function<InetAddress, java.util.Optional<String>> cca) {
        this.allowedPeers = allowedPeers;
        this.sink = sink;
        this.cca = cca;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast(new ReadTimeoutHandler(30));
        p.addLast(new HttpServerCodec(4096, 8192, 8192));
        p.addLast(new HttpObjectAggregator(MAX_BODY));   // answers 413 to anything larger
        p.addLast(new CallbackServerHandler(allowedPeers, sink, cca));
    }
}
