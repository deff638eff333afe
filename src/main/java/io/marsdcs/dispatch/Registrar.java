package io.marsdcs.dispatch;

import io.marsdcs.config.AppConfig;
import io.marsdcs.config.AppConfig.DcsServer;
import io.marsdcs.dcs.CallbackServer;
import io.marsdcs.dcs.DcsClient;
import io.marsdcs.dcs.Delivery;
import io.marsdcs.net.IpLiteral;
import io.marsdcs.store.Registration;
import io.marsdcs.store.Store;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this appliance registered with every configured DCS server. Registration happens at
 * start (the guide: "upon starting will automatically register itself") and again whenever a
 * server says it does not know us; a server that cannot be reached is retried with backoff,
 * never fatal. Called only from the dispatcher thread.
 */
final class Registrar {
    private static final Logger log = LoggerFactory.getLogger(Registrar.class);

    private final AppConfig.Dcs config;
    private final int callbackPort;
    private final DcsClient client;
    private final Store store;
    private final Clock clock;
    private final Map<String, String> ids = new ConcurrentHashMap<>();
    private final Map<String, Backoff> waiting = new ConcurrentHashMap<>();

    Registrar(AppConfig.Dcs config, int callbackPort, DcsClient client, Store store, Clock clock) {
        this.config = config;
        this.callbackPort = callbackPort;
        this.client = client;
        this.store = store;
        this.clock = clock;
    }

    /** The registration to use for {@code server}, registering first if needed and due. */
    Optional<String> registrationFor(DcsServer server) {
        String id = ids.get(server.id());
        if (id != null) return Optional.of(id);
        Backoff b = waiting.computeIfAbsent(server.id(), k -> new Backoff());
        if (clock.instant().isBefore(b.notBefore)) return Optional.empty();
        return register(server, b);
    }

    /** Registers with every server now; those that fail are retried when next needed or on the next pass. */
    void registerAll() {
        for (DcsServer s : config.servers()) {
            if (s.mode() == AppConfig.Mode.OBSERVE) {
                log.info("DCS server {} is in observe mode: not registering, nothing will be sent to it", s.id());
                continue;
            }
            registrationFor(s);
        }
    }

    /** The server said it does not know our registration: forget it so the next use registers again. */
    void forget(DcsServer server) {
        ids.remove(server.id());
        waiting.remove(server.id());
    }

    boolean isRegistered(String serverId) {
        return ids.containsKey(serverId);
    }

    private Optional<String> register(DcsServer server, Backoff b) {
        String host = callbackHost(server);
        dropStaleRegistration(server, host + ":" + callbackPort);
        Delivery d = client.register(server, host, callbackPort, CallbackServer.PATH);
        if (d instanceof Delivery.Accepted a) {
            ids.put(server.id(), a.registrationId());
            waiting.remove(server.id());
            store.write(tx -> {
                tx.saveRegistration(server.id(), a.registrationId(), host + ":" + callbackPort, clock.instant());
                return null;
            });
            log.info("registered with DCS server {} as {} (results to http://{}:{}{})", server.id(), a.registrationId(),
                    host, callbackPort, CallbackServer.PATH);
            return Optional.of(a.registrationId());
        }
        Duration wait = b.next();
        log.warn("cannot register with DCS server {}: {}; trying again in {} s", server.id(), d.reason(), wait.toSeconds());
        return Optional.empty();
    }

    /**
     * The guide's manual dance after changing http_listen_port (stop, unregister all, start), done
     * by itself: a registration recorded with another callback is removed from the server first.
     * Best effort: a server that refuses still gets the new registration.
     */
    private void dropStaleRegistration(DcsServer server, String callback) {
        Registration old = store.read(tx -> tx.registrations()).get(server.id());
        if (old == null || old.callback().equals(callback)) return;
        Delivery d = client.unregister(server, old.registrationId());
        log.info("callback changed from {} to {}: unregistering {} from {}: {}", old.callback(), callback,
                old.registrationId(), server.id(), d.reason());
        if (d instanceof Delivery.Accepted) {
            store.write(tx -> {
                tx.deleteRegistration(server.id());
                return null;
            }).join();
        }
    }

    /** The address a DCS server should call back: configured, the listen address, or the local address facing that server. */
    String callbackHost(DcsServer server) {
        if (!config.callbackHost().isEmpty()) return config.callbackHost();
        InetAddress listen = config.listen().address();
        if (!listen.isAnyLocalAddress()) return IpLiteral.format(listen);
        try (DatagramSocket probe = new DatagramSocket()) {
            // connect() on UDP sends nothing; it only asks the kernel which local address routes there.
            probe.connect(new InetSocketAddress(InetAddress.getByName(server.host()), server.port()));
            InetAddress local = probe.getLocalAddress();
            if (local != null && !local.isAnyLocalAddress()) return IpLiteral.format(local);
        } catch (IOException | SecurityException e) {
            log.warn("cannot work out the callback address for {}: {}; set dcs.callback_host", server.id(), e.getMessage());
        }
        try {
            return IpLiteral.format(InetAddress.getLocalHost());
        } catch (IOException e) {
            return "127.0.0.1";
        }
    }

    /** Capped exponential backoff with jitter, for one server. */
    private final class Backoff {
        private int failures;
        private Instant notBefore = Instant.MIN;

        Duration next() {
            Duration d = Delays.backoff(failures++);
            notBefore = clock.instant().plus(d);
            return d;
        }
    }
}
