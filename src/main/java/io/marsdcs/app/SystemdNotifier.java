package io.marsdcs.app;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify for {@code Type=notify}: tells systemd when the appliance is ready, reloading and
 * stopping, and pings the watchdog while the pipeline is alive (the dispatcher completed a pass
 * recently): a wedged appliance stops pinging and systemd restarts it.
 */
final class SystemdNotifier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SystemdNotifier.class);

    private final EventLoopGroup group;
    private final Channel channel;
    private final DomainSocketAddress target;
    private Thread watchdog;

    private SystemdNotifier(EventLoopGroup group, Channel channel, DomainSocketAddress target) {
        this.group = group;
        this.channel = channel;
        this.target = target;
    }

    /** A notifier when systemd asked for one ($NOTIFY_SOCKET), else empty. */
    static Optional<SystemdNotifier> fromEnvironment(Map<String, String> env) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) return Optional.empty();
        if (socket.startsWith("@")) {
            log.warn("NOTIFY_SOCKET {} is an abstract socket, which this build cannot reach: systemd will not hear READY", socket);
            return Optional.empty();
        }
        if (!Epoll.isAvailable()) {
            log.warn("cannot notify systemd ({}): {}", socket, Epoll.unavailabilityCause().toString());
            return Optional.empty();
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        DomainSocketAddress target = new DomainSocketAddress(socket);
        try {
            // connected: a datagram channel that is only registered is not active, and writes on it fail
            Channel ch = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new ChannelInboundHandlerAdapter()).connect(target).syncUninterruptibly().channel();
            return Optional.of(new SystemdNotifier(group, ch, target));
        } catch (Exception e) {   // Netty rethrows the checked connect failure undeclared
            group.shutdownGracefully();
            log.warn("cannot reach systemd's NOTIFY_SOCKET {}: {}; systemd will not hear READY", socket, e.toString());
            return Optional.empty();
        }
    }

    void send(String state) {
        io.netty.channel.ChannelFuture f = channel.writeAndFlush(
                new DomainDatagramPacket(Unpooled.copiedBuffer(state, StandardCharsets.UTF_8), target));
        if (!f.awaitUninterruptibly(2, TimeUnit.SECONDS) || !f.isSuccess()) {
            log.warn("could not tell systemd {}: {}", state.replace('\n', ' '), f.cause() == null ? "timed out" : f.cause().toString());
        }
    }

    /**
     * Pings every half of WATCHDOG_USEC, as systemd recommends, but only while {@code lastPass}
     * is recent: the dispatcher passes at least once a second when healthy.
     */
    void startWatchdog(Map<String, String> env, Supplier<Instant> lastPass) {
        Optional<Duration> interval = watchdogInterval(env);
        if (interval.isEmpty()) return;
        Duration every = interval.get().dividedBy(2);
        watchdog = new Thread(() -> {
            boolean warned = false;
            while (!Thread.currentThread().isInterrupted()) {
                Duration since = Duration.between(lastPass.get(), Instant.now());
                if (since.compareTo(interval.get()) < 0) {
                    send("WATCHDOG=1");
                    warned = false;
                } else if (!warned) {
                    log.error("the dispatcher has not completed a pass for {} s: no watchdog ping, systemd will restart marsdcs", since.toSeconds());
                    warned = true;
                }
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "systemd-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** The watchdog goes quiet first, then systemd hears STOPPING=1. */
    void stopping() {
        if (watchdog != null) {
            watchdog.interrupt();
            try {
                watchdog.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        send("STOPPING=1");
    }

    static Optional<Duration> watchdogInterval(Map<String, String> env) {
        String usec = env.get("WATCHDOG_USEC");
        String pid = env.get("WATCHDOG_PID");
        if (usec == null || !usec.matches("\\d{1,15}")) return Optional.empty();
        if (pid != null && !pid.equals(String.valueOf(ProcessHandle.current().pid()))) return Optional.empty();   // meant for another process
        return Optional.of(Duration.ofNanos(Long.parseLong(usec) * 1000));
    }

    @Override
    public void close() {
        if (watchdog != null) watchdog.interrupt();
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
