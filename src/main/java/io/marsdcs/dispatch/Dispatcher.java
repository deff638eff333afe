package io.marsdcs.dispatch;

import io.marsdcs.config.AppConfig;
import io.marsdcs.config.ConfigLoader;
import io.marsdcs.config.AppConfig.DcsServer;
import io.marsdcs.dcs.CleanupOrder;
import io.marsdcs.dcs.CleanupResult;
import io.marsdcs.dcs.DcsClient;
import io.marsdcs.dcs.DcsXml;
import io.marsdcs.dcs.Delivery;
import io.marsdcs.dcs.ResultSink;
import io.marsdcs.intake.MailSink;
import io.marsdcs.mars.MarsMailParser;
import io.marsdcs.mars.ParseOutcome;
import io.marsdcs.net.IpLiteral;
import io.marsdcs.policy.CleanupPolicy;
import io.marsdcs.policy.Decision;
import io.marsdcs.policy.Suspect;
import io.marsdcs.store.NewRequest;
import io.marsdcs.store.PendingReport;
import io.marsdcs.store.ReceivedMail;
import io.marsdcs.store.RequestRow;
import io.marsdcs.store.Store;
import io.marsdcs.store.StoreException;
import io.marsdcs.store.StoredMessage;
import io.marsdcs.store.Tx;
import io.marsdcs.syslog.MarsEvent;
import io.marsdcs.syslog.MarsReport;
import io.marsdcs.syslog.SyslogFormatter;
import io.marsdcs.syslog.SyslogSender;
import java.net.InetAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue manager. Intakes and the callback listener record into the store and wake it; it then
 * runs {@link #runOnce}: parse -> decide -> record for new mail, send due requests, close requests
 * whose result never came, and flush the syslog outbox. Wake-ups are hints; the periodic pass is
 * the truth, so a lost wake-up costs a second, never a cleanup.
 */
public final class Dispatcher implements MailSink, ResultSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration PASS_INTERVAL = Duration.ofSeconds(1);
    private static final int BATCH = 50;

    // Replaced only on the dispatcher thread (applyPending); volatile because decisions run on the store's writer.
    private volatile AppConfig config;
    private final Store store;
    private final MarsMailParser parser;
    private volatile CleanupPolicy policy;
    private final HostResolver resolver;
    private final DcsClient client;
    private Registrar registrar;   // set in start(): needs the callback port, known once the listener is bound
    private int callbackPort;
    private final AtomicReference<Reconfiguration> pending = new AtomicReference<>();

    private record Reconfiguration(AppConfig config, int callbackPort, SyslogFormatter formatter, CompletableFuture<Void> applied) {}
    private volatile SyslogFormatter formatter;
    private final SyslogSender syslog;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private final Map<String, Instant> serverPausedUntil = new HashMap<>();
    private final Map<String, Integer> serverFailures = new HashMap<>();
    private final Breaker breaker = new Breaker();
    private final Thread thread;
    private volatile boolean running;
    private volatile Instant lastPass = Instant.now();

    private final MeterRegistry metrics;
    private volatile Instant lastNotification;
    private Instant silenceWarnedFor = Instant.MIN;
    private Instant lastHeartbeat = Instant.MIN;

    public Dispatcher(AppConfig config, Store store, MarsMailParser parser, HostResolver resolver, DcsClient client,
                      SyslogFormatter formatter, SyslogSender syslog, Clock clock, MeterRegistry metrics) {
        this.metrics = metrics;
        this.lastNotification = store.read(tx -> tx.lastMessageReceived()).orElse(clock.instant());
        this.config = config;
        this.store = store;
        this.parser = parser;
        this.policy = new CleanupPolicy(config.policyRules());
        this.resolver = resolver;
        this.client = client;
        this.formatter = formatter;
        this.syslog = syslog;
        this.clock = clock;
        this.thread = new Thread(this::loop, "dispatcher");
    }

    /** Starts the loop; {@code callbackPort} is where the bound result listener really listens. */
    public void start(int callbackPort) {
        this.callbackPort = callbackPort;
        registrar = new Registrar(config.dcs(), callbackPort, client, store, clock);
        running = true;
        thread.start();
    }

    /** When the last mail came in, from either intake. */
    public Instant lastNotification() {
        return lastNotification;
    }

    /** The dead-man's switch, both ways: warn when MARS has gone quiet, and tell MARS we are alive. */
    private void watchSilenceAndBeat(Instant now) {
        Duration quiet = Duration.between(lastNotification, now);
        if (quiet.compareTo(config.mars().silenceWarning()) >= 0 && !silenceWarnedFor.equals(lastNotification)) {
            silenceWarnedFor = lastNotification;
            log.warn("no notification for {} (mars.silence_warning {}): is MARS still mailing this appliance?",
                    ConfigLoader.formatDuration(quiet.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
                    ConfigLoader.formatDuration(config.mars().silenceWarning()));
        }
        Duration beat = config.mars().heartbeatInterval();
        if (!beat.isZero() && !now.isBefore(lastHeartbeat.plus(beat))) {
            lastHeartbeat = now;
            syslog.send(formatter.heartbeat(now, lastNotification.toString()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Whether the last notification is older than mars.silence_warning. */
    public boolean silent() {
        return Duration.between(lastNotification, clock.instant()).compareTo(config.mars().silenceWarning()) >= 0;
    }

    /** The DCS servers this appliance is registered with right now. */
    public java.util.Set<String> registeredServers() {
        Registrar r = registrar;
        return r == null ? java.util.Set.of() : config.dcs().servers().stream().map(DcsServer::id).filter(r::isRegistered)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** Breaker scopes open right now ("*" for all servers). */
    public java.util.Set<String> breakerOpen() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        if (breaker.openSince(Breaker.GLOBAL).isPresent()) out.add(Breaker.GLOBAL);
        for (DcsServer s : config.dcs().servers()) if (breaker.openSince(s.id()).isPresent()) out.add(s.id());
        return out;
    }

    /** When the loop last completed a pass: the liveness the systemd watchdog checks. */
    public Instant lastPass() {
        return lastPass;
    }

    public void wake() {
        wake.release();
    }

    // ---- MailSink: intakes store here, and the dispatcher learns there is work

    @Override
    public CompletableFuture<Long> store(ReceivedMail mail) {
        return store.write(tx -> {
            long id = tx.insertMessage(mail, clock.instant());
            tx.messageState(id).filter(st -> st[0].equals("duplicate")).ifPresent(st -> {
                metrics.counter("marsdcs.mails.set.aside", "reason", "duplicate").increment();
                log.info("mail {} via {} from {} is a duplicate ({}): recorded, not dispatched again", id, mail.via(), mail.peer(), st[1]);
            });
            return id;
        }).thenApply(id -> {
            metrics.counter("marsdcs.mails.received", "via", mail.via()).increment();
            lastNotification = clock.instant();
            wake();
            return id;
        });
    }

    // ---- ResultSink: a DCS result, recorded (and its report queued) in one transaction

    @Override
    public CompletableFuture<Void> accept(CleanupResult result, InetAddress from) {
        return store.write(tx -> {
            recordResult(tx, result, from);
            return null;
        }).thenRun(this::wake);
    }

    private void recordResult(Tx tx, CleanupResult r, InetAddress from) throws SQLException {
        Instant now = clock.instant();
        String hostText = r.ip().isEmpty() ? r.host() : r.ip();
        if (!tx.insertResultIfNew(r.requestId(), IpLiteral.format(from), r.status().code(), hostText, r.time(),
                String.join(",", r.threats()), now)) {
            log.info("request={} repeated result {} from {}: already recorded, acknowledged again", r.requestId(), r.status(), IpLiteral.format(from));
            return;
        }
        Optional<RequestRow> req = tx.request(r.requestId());
        String host = req.map(RequestRow::host).orElse(hostText);
        Map<String, String> extras = new LinkedHashMap<>();
        metrics.counter("marsdcs.results", "status", r.status().name()).increment();
        if (req.isPresent()) {
            tx.finishRequest(r.requestId(), "done", r.status().code(), "", now);
            extras.put("Incident", req.get().incident());
            req.get().sentAt().ifPresent(sent -> metrics.timer("marsdcs.result.latency").record(Duration.between(sent, now)));
        } else {
            log.warn("request={} result {} for {} from {}: no such request here; reported anyway", r.requestId(), r.status(), hostText, IpLiteral.format(from));
        }
        if (r.status().leavesHostDamageFree() && IpLiteral.parse(host).isPresent()) tx.setDamageFree(host, now);
        extras.put("RequestId", r.requestId());
        extras.put("DCSServer", req.map(RequestRow::server).orElse(IpLiteral.format(from)));
        if (!r.threats().isEmpty()) extras.put("Threat", String.join(",", r.threats()));
        tx.insertReport(new MarsReport(r.status().event(), host, resultTime(r.time(), now), extras), now);
        log.info("incident={} host={} request={} result={} from={}", req.map(RequestRow::incident).orElse("?"), host,
                r.requestId(), r.status(), IpLiteral.format(from));
    }

    private static Instant resultTime(String text, Instant fallback) {
        if (text == null || text.isBlank()) return fallback;
        try {
            return OffsetDateTime.parse(text.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    // ---- the loop

    private void loop() {
        registrar.registerAll();
        while (running) {
            try {
                runOnce();
                lastPass = Instant.now();
            } catch (StoreException e) {
                log.error("dispatch pass failed, retrying: {}", e.getMessage());
            } catch (RuntimeException e) {
                log.error("dispatch pass failed, retrying", e);
            }
            try {
                wake.tryAcquire(PASS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * A reloaded configuration: applied at the start of the next pass, on the dispatcher's own
     * thread, so a pass never sees half of one configuration and half of another. The future
     * completes once it is in force (and registrations for a changed DCS setup were attempted).
     */
    public CompletableFuture<Void> reconfigure(AppConfig next, int nextCallbackPort, SyslogFormatter nextFormatter) {
        CompletableFuture<Void> applied = new CompletableFuture<>();
        Reconfiguration older = pending.getAndSet(new Reconfiguration(next, nextCallbackPort, nextFormatter, applied));
        if (older != null) older.applied().complete(null);   // superseded by a newer one before it could apply
        wake();
        return applied;
    }

    private void applyPending() {
        Reconfiguration r = pending.getAndSet(null);
        if (r == null) return;
        boolean dcsChanged = !r.config().dcs().equals(config.dcs()) || r.callbackPort() != callbackPort;
        config = r.config();
        policy = new CleanupPolicy(r.config().policyRules());
        formatter = r.formatter();
        if (dcsChanged) {
            callbackPort = r.callbackPort();
            registrar = new Registrar(r.config().dcs(), callbackPort, client, store, clock);
            serverPausedUntil.clear();
            serverFailures.clear();
            registrar.registerAll();   // a changed callback replaces the old registration by itself
        }
        log.info("new configuration in force{}", dcsChanged ? "; DCS servers registered again" : "");
        r.applied().complete(null);
    }

    /** One pass over everything the store says is waiting. */
    void runOnce() {
        applyPending();
        watchSilenceAndBeat(clock.instant());
        dispatchNewMail();
        sendDueRequests();
        closeOverdueRequests();
        sendReports();
    }

    private void dispatchNewMail() {
        List<StoredMessage> waiting = store.read(tx -> tx.messagesToDispatch(BATCH));
        for (StoredMessage m : waiting) {
            ParseOutcome outcome;
            try {
                outcome = parser.parse(m.body());
            } catch (RuntimeException e) {
                // Never retry a mail that breaks the parser: it would block every mail behind it.
                outcome = new ParseOutcome.Malformed("the parser failed on it: " + e);
            }
            if (!(outcome instanceof ParseOutcome.Parsed)) {
                metrics.counter("marsdcs.mails.set.aside", "reason", outcome instanceof ParseOutcome.NotMars ? "not_mars" : "malformed").increment();
            }
            if (outcome instanceof ParseOutcome.NotMars n) {
                log.info("mail {} from {} is not a MARS notification ({}): set aside", m.id(), m.peer(), n.reason());
                finish(m, "not_mars", n.reason());
            } else if (outcome instanceof ParseOutcome.Malformed bad) {
                log.warn("mail {} from {} has a MARS attachment that cannot be read ({}): kept aside", m.id(), m.peer(), bad.reason());
                finish(m, "malformed", bad.reason());
            } else if (outcome instanceof ParseOutcome.Parsed p) {
                p.notification().warnings().forEach(w -> log.warn("mail {}: {}", m.id(), w));
                List<Suspect> suspects = Suspects.of(p.notification(), resolver);
                store.write(tx -> {
                    decideAndRecord(tx, m, suspects);
                    return null;
                }).join();
            }
        }
    }

    private void finish(StoredMessage m, String state, String note) {
        store.write(tx -> tx.finishMessage(m.id(), state, note, clock.instant())).join();
    }

    /** Decides with the host history as of this transaction, and records decisions and requests with it. */
    private void decideAndRecord(Tx tx, StoredMessage m, List<Suspect> suspects) throws SQLException {
        Instant now = clock.instant();
        if (!tx.finishMessage(m.id(), "dispatched", suspects.size() + " event source(s)", now)) return;
        List<Decision> decisions = policy.decide(suspects, ip -> {
            try {
                return tx.hostHistory(IpLiteral.format(ip));
            } catch (SQLException e) {
                throw new StoreException("reading host history: " + e.getMessage(), e);
            }
        }, now);
        for (Decision d : decisions) {
            Suspect s = d.suspect();
            String requestId = null;
            String verdict;
            String detail;
            if (d instanceof Decision.Clean c) {
                String host = IpLiteral.format(c.address());
                requestId = tx.insertRequest(new NewRequest(m.id(), s.incidentId(), s.rule(), s.eventTime(), host, c.target(),
                        c.route().serverId()), now);
                detail = "via " + c.route().serverId() + " (route " + c.route().network() + ")";
                if (observed(c.route().serverId())) {
                    // Rehearsal: recorded and logged as it would be sent, then closed; the host is not marked in flight.
                    tx.finishRequest(requestId, "observed", null, "observe mode: not sent", now);
                    verdict = "would_clean";
                    detail += ", observe mode: not sent; the request would be "
                            + DcsXml.cleanupRequest("(registration)", new CleanupOrder(requestId, c.target(),
                            !c.target().equals(host), s.incidentId(), s.rule(), s.eventTime()));
                } else {
                    verdict = "clean";
                }
            } else if (d instanceof Decision.ManualCleanNeeded mc && config.cleanup().mode() == AppConfig.Mode.OBSERVE) {
                verdict = "would_report_manual_clean_needed";
                detail = "observe mode: MARS is not told; found clean at " + mc.lastDamageFree() + ", window until " + mc.until();
            } else if (d instanceof Decision.ManualCleanNeeded mc) {
                String host = IpLiteral.format(mc.address());
                Map<String, String> extras = new LinkedHashMap<>();
                extras.put("Incident", s.incidentId());
                extras.put("LastCleaned", mc.lastDamageFree().toString());
                tx.insertReport(new MarsReport(MarsEvent.DCS_MANUAL_CLEAN_NEEDED, host, now, extras), now);
                tx.setManualNotice(host, now);
                verdict = "manual_clean_needed";
                detail = "found clean at " + mc.lastDamageFree() + ", within min_damage_free_time until " + mc.until();
            } else if (d instanceof Decision.Skip sk) {
                verdict = "skip_" + sk.reason().name().toLowerCase(java.util.Locale.ROOT);
                detail = sk.reason().text() + ": " + sk.detail();
            } else {
                verdict = "covered";
                detail = ((Decision.Covered) d).by();
            }
            tx.insertDecision(m.id(), s.incidentId(), s.label(), verdict, detail, requestId, now);
            metrics.counter("marsdcs.decisions", "verdict", verdict).increment();
            log.info("incident={} host={} request={} verdict={} {}", s.incidentId(), s.label(), requestId == null ? "-" : requestId, verdict, detail);
        }
    }

    private boolean observed(String serverId) {
        return config.dcs().server(serverId).map(x -> x.mode() == AppConfig.Mode.OBSERVE).orElse(false);
    }

    private void sendDueRequests() {
        Instant now = clock.instant();
        carryOutOperatorCommands(now);
        updateBreaker(now);
        Map<String, Long> inFlight = new HashMap<>(store.read(tx -> tx.inFlightByServer()));
        for (RequestRow r : store.read(tx -> tx.dueRequests(now, BATCH))) {
            if (now.isBefore(serverPausedUntil.getOrDefault(r.server(), Instant.MIN))) continue;
            if (observed(r.server())) continue;   // decided before the server was put in observe mode: nothing is sent now
            Optional<DcsServer> server = config.dcs().server(r.server());
            if (server.isEmpty()) {
                fail(r, "DCS server " + r.server() + " is no longer configured");
                continue;
            }
            if (!now.isBefore(r.createdAt().plus(config.cleanup().deliveryTimeout()))) {
                String held = breaker.allows(r.server()) ? "" : " (held by the breaker)";
                fail(r, "could not be delivered to " + r.server() + " within " + ConfigLoader.formatDuration(config.cleanup().deliveryTimeout()) + held);
                continue;
            }
            if (!breaker.allows(r.server())) continue;   // held: sent once the breaker closes
            if (inFlight.getOrDefault(r.server(), 0L) >= server.get().maxInFlight()) continue;   // the server has enough on its plate
            Optional<String> registration = registrar.registrationFor(server.get());
            if (registration.isEmpty()) continue; // the registrar logs and backs off; the request waits
            boolean byName = !r.target().equals(r.host());
            CleanupOrder order = new CleanupOrder(r.requestId(), r.target(), byName, r.incident(), r.rule(), r.eventTime());
            Delivery d = client.cleanup(server.get(), registration.get(), order);
            record(r, server.get(), d);
            if (d instanceof Delivery.Accepted) inFlight.merge(r.server(), 1L, Long::sum);
        }
    }

    /** `marsdcs resume` reaches the running appliance through the store. */
    private void carryOutOperatorCommands(Instant now) {
        for (Map.Entry<Long, String[]> c : store.read(tx -> tx.pendingCommands()).entrySet()) {
            String command = c.getValue()[0];
            String scope = c.getValue()[1];
            if (command.equals("resume")) {
                List<Breaker.Transition> closed = breaker.resume(scope.equals(Breaker.GLOBAL) ? Optional.empty() : Optional.of(scope), now);
                log.warn("operator resume ({}): breaker {}; requests held back are sent now", scope.equals(Breaker.GLOBAL) ? "all" : scope,
                        closed.isEmpty() ? "was not open" : "closed for " + closed.stream().map(Breaker.Transition::scope).toList());
            } else {
                log.warn("unknown operator command '{}' ignored", command);
            }
            store.write(tx -> {
                tx.markCommandDone(c.getKey(), now);
                return null;
            }).join();
        }
    }

    private void updateBreaker(Instant now) {
        Map<String, Integer> limits = new HashMap<>();
        limits.put(Breaker.GLOBAL, config.cleanup().maxRequestsPerMinute());
        for (DcsServer s : config.dcs().servers()) {
            if (s.maxRequestsPerMinute() > 0) limits.put(s.id(), s.maxRequestsPerMinute());
        }
        List<Breaker.Transition> changes = breaker.update(store.read(tx -> tx.requestsCreatedSince(now.minus(Breaker.WINDOW))), limits, now);
        for (Breaker.Transition t : changes) {
            String scope = t.scope().equals(Breaker.GLOBAL) ? "all DCS servers" : "DCS server " + t.scope();
            if (!t.opened()) {
                log.warn("breaker closed for {}: {} new cleanups in the last minute; held requests go out now", scope, t.lastMinute());
                continue;
            }
            String reason = "breaker open for " + scope + ": " + t.lastMinute() + " new cleanups in the last minute, over the limit of "
                    + t.limit() + "; new requests are held until the rate halves or `marsdcs resume`";
            log.error("{}", reason);
            // MARS is told once per opening. Its templates need an address: 0.0.0.0 stands for "no one host".
            Map<String, String> extras = new LinkedHashMap<>();
            extras.put("Reason", reason);
            store.write(tx -> tx.insertReport(new MarsReport(MarsEvent.DCS_Cleanup_Fail, "0.0.0.0", now, extras), now)).join();
        }
    }

    private void record(RequestRow r, DcsServer server, Delivery d) {
        Instant now = clock.instant();
        metrics.counter("marsdcs.requests", "server", server.id(), "outcome", outcomeName(d)).increment();
        if (d instanceof Delivery.Accepted) {
            serverFailures.remove(server.id());
            store.write(tx -> {
                tx.markSent(r.requestId(), now);
                return null;
            }).join();
            log.info("incident={} host={} request={} sent to {}", r.incident(), r.host(), r.requestId(), server.id());
        } else if (d instanceof Delivery.NotRegistered) {
            registrar.forget(server);
            log.warn("request={} server {} does not know our registration: registering again", r.requestId(), server.id());
        } else if (d instanceof Delivery.Retry) {
            int failures = serverFailures.merge(server.id(), 1, Integer::sum);
            Instant next = now.plus(Delays.backoff(failures - 1));
            serverPausedUntil.put(server.id(), next);
            store.write(tx -> {
                tx.markRetry(r.requestId(), d.reason(), next);
                return null;
            }).join();
            log.warn("request={} to {} not delivered ({}), next try at {}", r.requestId(), server.id(), d.reason(), next);
        } else {
            fail(r, server.id() + " refused the request: " + d.reason());
        }
    }

    private static String outcomeName(Delivery d) {
        if (d instanceof Delivery.Accepted) return "accepted";
        if (d instanceof Delivery.Retry) return "retry";
        if (d instanceof Delivery.NotRegistered) return "not_registered";
        return "rejected";
    }

    private void fail(RequestRow r, String reason) {
        closeWithFailure(r, "failed", reason);
    }

    private void closeOverdueRequests() {
        Duration timeout = config.cleanup().resultTimeout();
        for (RequestRow r : store.read(tx -> tx.overdueRequests(clock.instant().minus(timeout), BATCH))) {
            closeWithFailure(r, "unconfirmed", "no result from " + r.server() + " within " + ConfigLoader.formatDuration(timeout));
        }
    }

    /** Ends a request without a DCS result and tells MARS the cleanup failed, with why. */
    private void closeWithFailure(RequestRow r, String state, String reason) {
        Instant now = clock.instant();
        store.write(tx -> {
            if (!tx.finishRequest(r.requestId(), state, null, reason, now)) return null;
            Map<String, String> extras = new LinkedHashMap<>();
            extras.put("Incident", r.incident());
            extras.put("RequestId", r.requestId());
            extras.put("DCSServer", r.server());
            extras.put("Reason", reason);
            tx.insertReport(new MarsReport(MarsEvent.DCS_Cleanup_Fail, r.host(), now, extras), now);
            return null;
        }).join();
        log.warn("incident={} host={} request={} {}: {}", r.incident(), r.host(), r.requestId(), state, reason);
    }

    private void sendReports() {
        for (PendingReport p : store.read(tx -> tx.unsentReports(BATCH))) {
            byte[] datagram = formatter.format(p.report(), clock.instant());
            try {
                syslog.send(datagram).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("syslog to {} failed, will retry: {}", syslog.target(), e.toString());
                return;
            }
            store.write(tx -> {
                tx.markReportSent(p.id(), clock.instant());
                return null;
            }).join();
            log.info("host={} reported to MARS: {}", p.report().hostAddress(), p.report().event());
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
