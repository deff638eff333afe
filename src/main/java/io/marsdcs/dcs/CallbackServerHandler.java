package io.marsdcs.dcs;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One result in, one acknowledgement out. The ack (200) is written only after the sink says the
 * result is on disk; a store failure answers 503 so the DCS server sends it again. All mapping of
 * outcomes to HTTP statuses is here.
 */
final class CallbackServerHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(CallbackServerHandler.class);

    private final Predicate<InetAddress> allowedPeers;
    private final ResultSink sink;
    private final java.util.function.Function<InetAddress, java.util.Optional<String>> cca;

    CallbackServerHandler(Predicate<InetAddress> allowedPeers, ResultSink sink,
                          java.util.function.Function<InetAddress, java.util.Optional<String>> cca) {
        this.allowedPeers = allowedPeers;
        this.sink = sink;
        this.cca = cca;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        InetAddress peer = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (req.uri().equals(CCA_PATH) || req.uri().startsWith(CCA_PATH + "?")) {
            redirectToCleanupPage(ctx, req, peer);
            return;
        }
        if (!allowedPeers.test(peer)) {
            log.warn("refused a DCS result from {}: not a configured DCS server", peer.getHostAddress());
            reply(ctx, HttpResponseStatus.FORBIDDEN, text("results are accepted from configured DCS servers only"), false);
            return;
        }
        String path = req.uri().split("\\?", 2)[0];
        if (!path.equals(CallbackServer.PATH)) {
            reply(ctx, HttpResponseStatus.NOT_FOUND, text("results go to POST " + CallbackServer.PATH), keepAlive);
            return;
        }
        if (!HttpMethod.POST.equals(req.method())) {
            reply(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, text("use POST"), keepAlive);
            return;
        }
        byte[] body = ByteBufUtil.getBytes(req.content());
        CleanupResult result;
        try {
            String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE, "").toLowerCase(Locale.ROOT);
            result = type.startsWith("application/x-www-form-urlencoded")
                    ? DcsXml.parseCleanupResultForm(new String(body, StandardCharsets.UTF_8))
                    : DcsXml.parseCleanupResult(body);
        } catch (ProtocolException e) {
            log.warn("malformed DCS result from {}: {}", peer.getHostAddress(), e.getMessage());
            reply(ctx, HttpResponseStatus.BAD_REQUEST, text("malformed result: " + e.getMessage()), keepAlive);
            return;
        }
        sink.accept(result, peer).whenComplete((ok, failure) -> ctx.executor().execute(() -> {
            if (failure == null) {
                reply(ctx, HttpResponseStatus.OK, xml(DcsXml.ack(result.requestId(), 0)), keepAlive);
            } else {
                log.error("result {} from {} not recorded, asking the server to resend: {}",
                        result.requestId(), peer.getHostAddress(), failure.getMessage());
                reply(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, text("not recorded, send again"), keepAlive);
            }
        }));
    }

    static final String CCA_PATH = "/cca";

    /**
     * The guide's Enable_CCA: a quarantined client (by its own address, or {@code ?ip=} when the
     * NAC passes it on) is sent to the manual cleanup page of the DCS server that covers it. The
     * one path open to any peer: it only ever answers with a URL.
     */
    private void redirectToCleanupPage(ChannelHandlerContext ctx, FullHttpRequest req, InetAddress peer) {
        InetAddress client = peer;
        java.util.List<String> ip = new io.netty.handler.codec.http.QueryStringDecoder(req.uri()).parameters().get("ip");
        if (ip != null && !ip.isEmpty()) {
            java.util.Optional<InetAddress> given = io.marsdcs.net.IpLiteral.parse(ip.get(0));
            if (given.isEmpty()) {
                reply(ctx, HttpResponseStatus.BAD_REQUEST, text("ip= must be an IP address"), false);
                return;
            }
            client = given.get();
        }
        java.util.Optional<String> url = cca.apply(client);
        if (url.isEmpty()) {
            reply(ctx, HttpResponseStatus.NOT_FOUND, text("no manual cleanup page here (product.enable_cca is off, or no DCS server covers the host)"), false);
            return;
        }
        FullHttpResponse r = text("see " + url.get());
        r.headers().set(HttpHeaderNames.LOCATION, url.get());
        log.info("CCA: {} sent to {}", io.marsdcs.net.IpLiteral.format(client), url.get());
        reply(ctx, HttpResponseStatus.FOUND, r, false);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("callback connection from {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private static FullHttpResponse text(String s) {
        return response(s + "\n", "text/plain; charset=utf-8");
    }

    private static FullHttpResponse xml(String s) {
        return response(s, "application/xml; charset=utf-8");
    }

    private static FullHttpResponse response(String body, String type) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        return r;
    }

    private static void reply(ChannelHandlerContext ctx, HttpResponseStatus status, FullHttpResponse r, boolean keepAlive) {
        r.setStatus(status);
        HttpUtil.setContentLength(r, r.content().readableBytes());
        if (keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(r);
        } else {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
