package io.marsdcs.app;

import io.marsdcs.config.AppConfig;
import io.marsdcs.config.AppConfig.DcsServer;
import io.marsdcs.dcs.CallbackServer;
import io.marsdcs.dcs.DcsClient;
import io.marsdcs.dispatch.Dispatcher;
import io.marsdcs.dispatch.HostResolver;
import io.marsdcs.intake.pop3.Pop3Intake;
import io.marsdcs.intake.smtp.SmtpIntake;
import io.marsdcs.mars.MarsMailParser;
import io.marsdcs.net.IpLiteral;
import io.marsdcs.store.Store;
import io.marsdcs.syslog.SyslogFormatter;
import io.marsdcs.syslog.SyslogSender;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running appliance: the store, the syslog sender, the dispatcher, the DCS result listener and
 * the SMTP listener, started in that order and stopped in reverse. A reload swaps configurations
 * whole: new sockets are bound before anything changes, so a reload that cannot be applied leaves
 * the running configuration untouched.
 */
public final class Appliance implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Appliance.class);
    static final String VERSION = Optional.ofNullable(Appliance.class.getPackage().getImplementationVersion()).orElse("dev");

    private final Store store;
    private final SyslogSender syslog;
    private final Dispatcher dispatcher;
    private final AtomicReference<Set<InetAddress>> dcsPeers;
    private AppConfig config;
    private CallbackServer callback;
    private final PrometheusMeterRegistry metrics;
    private final AtomicReference<AppConfig> current;   // what the listeners' threads read
    private AdminServer admin;
    private SmtpIntake smtp;   // null when smtp.enabled is false
    private Pop3Intake pop3;   // null when pop3.enabled is false
    private boolean closed;

    private Appliance(AppConfig config, Store store, SyslogSender syslog, Dispatcher dispatcher,
                      AtomicReference<Set<InetAddress>> dcsPeers, CallbackServer callback, SmtpIntake smtp, Pop3Intake pop3,
                      PrometheusMeterRegistry metrics, AtomicReference<AppConfig> current) {
        this.metrics = metrics;
        this.current = current;
        this.config = config;
        this.store = store;
        this.syslog = syslog;
        this.dispatcher = dispatcher;
        this.dcsPeers = dcsPeers;
        this.callback = callback;
        this.smtp = smtp;
        this.pop3 = pop3;
    }

    /** Starts everything; on failure, what was started is stopped again and the cause names what failed. */
    public static Appliance start(AppConfig config, HostResolver resolver, Clock clock) throws IOException {
        Store store = Store.open(config.stateDir());
        SyslogSender syslog = null;
        Dispatcher dispatcher = null;
        CallbackServer callback = null;
        SmtpIntake smtp = null;
        AtomicReference<Pop3Intake> pop3Started = new AtomicReference<>();
        try {
            syslog = new SyslogSender(marsAddress(config));
            DcsClient client = new DcsClient(Duration.ofSeconds(10), VERSION);
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            dispatcher = new Dispatcher(config, store, new MarsMailParser(), resolver, client, formatter(config), syslog, clock, metrics);
            // Bind the result port before registering anywhere (the guide's 1.0.2 fix).
            AtomicReference<Set<InetAddress>> peers = new AtomicReference<>(dcsAddresses(config));
            AtomicReference<AppConfig> current = new AtomicReference<>(config);
            callback = CallbackServer.start(config.dcs().listen().socketAddress(), a -> peers.get().contains(a), dispatcher, cca(current));
            dispatcher.start(callback.port());
            smtp = config.smtp().enabled() ? SmtpIntake.start(config.smtp(), dispatcher, hostname(config)) : null;
            Pop3Intake pop3 = config.pop3().enabled() ? Pop3Intake.start(config.pop3(), dispatcher) : null;
            pop3Started.set(pop3);
            Appliance a = new Appliance(config, store, syslog, dispatcher, peers, callback, smtp, pop3, metrics, current);
            a.startAdmin(config);
            log.info("marsdcs {} ready: mail on {}{}, DCS results on port {}, reports to MARS at {}:{}, state in {}", VERSION,
                    smtp == null ? "(smtp disabled)" : config.smtp().listen().address().getHostAddress() + ":" + smtp.port(),
                    pop3 == null ? "" : " and POP3 " + config.pop3().server() + ":" + config.pop3().port(),
                    callback.port(), IpLiteral.format(config.mars().syslogServer()), config.mars().syslogPort(), store.file());
            return a;
        } catch (IOException | RuntimeException e) {
            closeQuietly(pop3Started.get());
            closeQuietly(smtp);
            closeQuietly(callback);
            closeQuietly(dispatcher);
            closeQuietly(syslog);
            closeQuietly(store);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /**
     * Applies a validated configuration to the running appliance. Refused (with the reason, the
     * old configuration still in force) when it moves the state or a new socket cannot be bound.
     * The future completes once the dispatcher runs with it.
     */
    public synchronized CompletableFuture<Void> reload(AppConfig next) throws IOException {
        if (closed) throw new IOException("the appliance is stopping");
        if (!next.stateDir().equals(config.stateDir())) {
            throw new IOException("state_dir changed from " + config.stateDir() + " to " + next.stateDir()
                    + ": moving the state needs a restart");
        }
        if (!next.admin().equals(config.admin())) {
            throw new IOException("admin.listen changed from " + config.admin().listen() + " to " + next.admin().listen() + ": that needs a restart");
        }
        // 1. Every new socket first: if one cannot be bound, nothing has changed yet.
        CallbackServer newCallback = null;
        SmtpIntake newSmtp = null;
        boolean callbackMoves = !next.dcs().listen().equals(config.dcs().listen());
        boolean smtpChanges = next.smtp().enabled() != (smtp != null) || (smtp != null && next.smtp().enabled() && smtp.needsRebind(next.smtp()));
        boolean pop3Changes = !next.pop3().equals(config.pop3());
        Pop3Intake newPop3 = null;
        try {
            if (pop3Changes && next.pop3().enabled()) newPop3 = Pop3Intake.start(next.pop3(), dispatcher);
            if (callbackMoves) newCallback = CallbackServer.start(next.dcs().listen().socketAddress(), a -> dcsPeers.get().contains(a), dispatcher, cca(current));
            if (smtpChanges && next.smtp().enabled()) newSmtp = SmtpIntake.start(next.smtp(), dispatcher, hostname(next));
        } catch (IOException e) {
            closeQuietly(newPop3);
            closeQuietly(newCallback);
            throw new IOException(e.getMessage() + " (a listen address that is in use by marsdcs itself can only move in two steps,"
                    + " or with a restart)", e);
        }
        // 2. Swap.
        dcsPeers.set(dcsAddresses(next));
        current.set(next);
        syslog.retarget(marsAddress(next));
        if (smtp != null && !smtpChanges) smtp.update(next.smtp());
        CallbackServer oldCallback = callbackMoves ? callback : null;
        if (callbackMoves) callback = newCallback;
        SmtpIntake oldSmtp = smtpChanges ? smtp : null;
        if (smtpChanges) smtp = newSmtp;
        Pop3Intake oldPop3 = pop3Changes ? pop3 : null;
        if (pop3Changes) pop3 = newPop3;
        LoggingSetup.apply(next.logging());
        CompletableFuture<Void> applied = dispatcher.reconfigure(next, callback.port(), formatter(next));
        config = next;
        // 3. Let go of what the old configuration held.
        closeQuietly(oldPop3);
        closeQuietly(oldSmtp);
        closeQuietly(oldCallback);
        log.info("configuration reloaded: mail on {}, DCS results on port {}, reports to MARS at {}:{}",
                smtp == null ? "(smtp disabled)" : next.smtp().listen().address().getHostAddress() + ":" + smtp.port(),
                callback.port(), IpLiteral.format(next.mars().syslogServer()), next.mars().syslogPort());
        return applied;
    }

    /** Metrics and health; a failure here stops the start like any other listener's. */
    private void startAdmin(AppConfig config) throws IOException {
        for (String queue : store.read(tx -> tx.queueDepths()).keySet()) {
            Gauge.builder("marsdcs.queue", store, s -> s.read(tx -> tx.queueDepths()).get(queue)).tag("queue", queue).register(metrics);
        }
        Gauge.builder("marsdcs.last.notification.age", dispatcher, d -> java.time.Duration.between(d.lastNotification(), java.time.Instant.now()).toSeconds())
                .baseUnit("seconds").register(metrics);
        try {
            admin = new AdminServer(config.admin().listen().socketAddress(), metrics::scrape, this::health);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** What /health says: healthy when the store takes a write and the dispatcher turns; degraded for what needs a look. */
    AdminServer.Health health() {
        boolean storeWritable;
        try {
            store.write(tx -> null).get(2, java.util.concurrent.TimeUnit.SECONDS);
            storeWritable = true;
        } catch (Exception e) {
            storeWritable = false;
        }
        long sincePass = java.time.Duration.between(dispatcher.lastPass(), java.time.Instant.now()).toSeconds();
        boolean alive = sincePass < 10;
        Set<String> registered = dispatcher.registeredServers();
        StringBuilder servers = new StringBuilder();
        for (DcsServer s : config.dcs().servers()) {
            String state = s.mode() == AppConfig.Mode.OBSERVE ? "observe" : registered.contains(s.id()) ? "registered" : "not registered";
            servers.append(servers.length() == 0 ? "" : ",").append('"').append(s.id()).append("\":\"").append(state).append('"');
        }
        Set<String> breaker = dispatcher.breakerOpen();
        boolean degraded = !breaker.isEmpty() || dispatcher.silent()
                || config.dcs().servers().stream().anyMatch(s -> s.mode() == AppConfig.Mode.ENFORCE && !registered.contains(s.id()));
        boolean ok = storeWritable && alive && !closed;
        String status = !ok ? "failing" : degraded ? "degraded" : "ok";
        String json = "{\"status\":\"" + status + "\",\"store_writable\":" + storeWritable + ",\"dispatcher_last_pass_seconds\":" + sincePass
                + ",\"dcs_servers\":{" + servers + "},\"breaker_open\":" + breaker.stream().map(x -> "\"" + x + "\"").toList()
                + ",\"last_notification\":\"" + dispatcher.lastNotification() + "\",\"silent\":" + dispatcher.silent()
                + ",\"queues\":" + queuesJson() + "}";
        return new AdminServer.Health(ok, json);
    }

    /** Queue depths as JSON, or null when the store cannot be read: health must still say what is wrong. */
    private String queuesJson() {
        try {
            return store.read(tx -> tx.queueDepths()).entrySet().stream()
                    .map(e -> "\"" + e.getKey() + "\":" + e.getValue()).collect(java.util.stream.Collectors.joining(",", "{", "}"));
        } catch (RuntimeException e) {
            return "null";
        }
    }

    public synchronized int adminPort() {
        return admin.port();
    }

    /** The CCA redirect's route: the manual cleanup page of the DCS server that covers the client. */
    private static java.util.function.Function<InetAddress, Optional<String>> cca(AtomicReference<AppConfig> current) {
        return client -> {
            AppConfig c = current.get();
            if (!c.product().enableCca()) return Optional.empty();
            return new io.marsdcs.policy.CleanupPolicy(c.policyRules()).routeFor(client)
                    .flatMap(r -> c.dcs().server(r.serverId()))
                    .map(s -> s.ccaUrlFor(IpLiteral.format(client)));
        };
    }

    private static InetSocketAddress marsAddress(AppConfig config) {
        return new InetSocketAddress(config.mars().syslogServer(), config.mars().syslogPort());
    }

    private static SyslogFormatter formatter(AppConfig config) {
        return new SyslogFormatter(hostname(config), config.product().marsSyslogName(), config.mars().timeZone());
    }

    /** Addresses results may come from: every configured DCS server, resolved when the configuration is applied. */
    static Set<InetAddress> dcsAddresses(AppConfig config) {
        Set<InetAddress> out = new HashSet<>();
        for (DcsServer s : config.dcs().servers()) {
            Optional<InetAddress> literal = IpLiteral.parse(s.host());
            if (literal.isPresent()) {
                out.add(literal.get());
                continue;
            }
            try {
                out.addAll(Set.of(InetAddress.getAllByName(s.host())));
            } catch (UnknownHostException e) {
                log.warn("DCS server {} does not resolve: its results will be refused until a restart or reload", s.host());
            }
        }
        return out;
    }

    static String hostname(AppConfig config) {
        if (!config.mars().hostname().isEmpty()) return config.mars().hostname();
        try {
            String h = InetAddress.getLocalHost().getHostName();
            int dot = h.indexOf('.');
            return dot > 0 && IpLiteral.parse(h).isEmpty() ? h.substring(0, dot) : h;
        } catch (UnknownHostException e) {
            return "marsdcs";
        }
    }

    public synchronized int smtpPort() {
        return smtp == null ? -1 : smtp.port();
    }

    public synchronized int callbackPort() {
        return callback.port();
    }

    public Store store() {
        return store;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        log.info("marsdcs stopping");
        closeQuietly(admin);
        closeQuietly(pop3);
        closeQuietly(smtp);
        closeQuietly(dispatcher);
        closeQuietly(callback);
        closeQuietly(syslog);
        closeQuietly(store);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception e) {
            log.warn("stopping {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }
}
