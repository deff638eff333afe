package io.marsdcs.dcs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A DCS server as WIRE.md describes one, for demos and tests: it takes registrations and cleanup
 * requests, "cleans" each target after {@code resultDelay} with the scripted outcome for its
 * address (or the default), and posts the result to the registered callback, again every
 * {@code resendInterval} until it gets a 2xx. A repeated request id is acknowledged, recorded,
 * and not cleaned twice.
 */
public final class DcsSimulator implements AutoCloseable {
    /** A cleanup request as the simulator received it (duplicates included, so tests can count them). */
    public record Received(String registrationId, CleanupOrder order, boolean duplicate) {}

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "dcs-sim");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, DcsStatus> outcomes;
    private final DcsStatus defaultOutcome;
    private final Duration resultDelay;
    private final Duration resendInterval;
    private final Map<String, DcsXml.Callback> registrations = new ConcurrentHashMap<>();
    private final Set<String> seenRequests = ConcurrentHashMap.newKeySet();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final Consumer<String> log;
    private final java.util.concurrent.atomic.AtomicInteger outstanding = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxOutstanding = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;

    public DcsSimulator(InetSocketAddress listen, Map<String, DcsStatus> outcomes, DcsStatus defaultOutcome,
                        Duration resultDelay, Duration resendInterval, Consumer<String> log) throws IOException {
        this.outcomes = Map.copyOf(outcomes);
        this.defaultOutcome = defaultOutcome;
        this.resultDelay = resultDelay;
        this.resendInterval = resendInterval;
        this.log = log;
        this.server = HttpServer.create(listen, 50);
        server.createContext("/dcs/mars/register", this::register);
        server.createContext("/dcs/mars/unregister", this::unregister);
        server.createContext("/dcs/mars/cleanup", this::cleanup);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "dcs-sim-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Request ids whose result the appliance acknowledged. */
    public List<String> delivered() {
        return List.copyOf(delivered);
    }

    /** The most cleanups this server was working on at once (accepted, result not yet posted). */
    public int maxOutstanding() {
        return maxOutstanding.get();
    }

    public Set<String> registrationIds() {
        return Set.copyOf(registrations.keySet());
    }

    /** Registration id to the callback URL it asked for. */
    public Map<String, String> callbacks() {
        Map<String, String> out = new java.util.TreeMap<>();
        registrations.forEach((id, cb) -> out.put(id, "http://" + hostPart(cb.host()) + ":" + cb.port() + cb.path()));
        return out;
    }

    private void register(HttpExchange ex) throws IOException {
        try {
            DcsXml.Callback cb = DcsXml.parseRegisterRequest(body(ex));
            String id = HexFormat.of().withUpperCase().toHexDigits(ThreadLocalRandom.current().nextInt());
            registrations.put(id, cb);
            log.accept("registered " + id + " -> http://" + cb.host() + ":" + cb.port() + cb.path());
            send(ex, 200, DcsXml.registerResponse(0, id));
        } catch (ProtocolException e) {
            send(ex, 400, e.getMessage());
        }
    }

    private void unregister(HttpExchange ex) throws IOException {
        try {
            String id = DcsXml.parseUnregisterRequest(body(ex));
            boolean known = registrations.remove(id) != null;
            log.accept("unregistered " + id + (known ? "" : " (was not registered)"));
            send(ex, 200, DcsXml.unregisterResponse(0));
        } catch (ProtocolException e) {
            send(ex, 400, e.getMessage());
        }
    }

    private void cleanup(HttpExchange ex) throws IOException {
        DcsXml.CleanupCall call;
        try {
            call = DcsXml.parseCleanupRequest(body(ex));
        } catch (ProtocolException e) {
            send(ex, 400, e.getMessage());
            return;
        }
        String reqId = call.order().requestId();
        DcsXml.Callback cb = registrations.get(call.registrationId());
        if (cb == null) {
            log.accept("cleanup " + reqId + " refused: registration " + call.registrationId() + " unknown");
            send(ex, 202, DcsXml.cleanupResponse(reqId, 2));
            return;
        }
        boolean duplicate = !seenRequests.add(reqId);
        received.add(new Received(call.registrationId(), call.order(), duplicate));
        send(ex, 202, DcsXml.cleanupResponse(reqId, 0));
        if (duplicate) {
            log.accept("cleanup " + reqId + " for " + call.order().target() + " again: already being handled");
            return;
        }
        maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
        DcsStatus outcome = outcomes.getOrDefault(call.order().target(), defaultOutcome);
        log.accept("cleanup " + reqId + " for " + call.order().target() + " queued; outcome in " + resultDelay.toMillis() + " ms: " + outcome);
        String ip = call.order().byName() ? "" : call.order().target();
        String host = call.order().byName() ? call.order().target() : "";
        String time = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        List<String> threats = outcome == DcsStatus.CLEANUP_SUCCESS ? List.of("WORM_SASSER.B") : List.of();
        CleanupResult result = new CleanupResult(reqId, call.registrationId(), ip, host, outcome, time, threats);
        timers.schedule(() -> deliver(cb, call.registrationId(), result, 1), resultDelay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void deliver(DcsXml.Callback cb, String registrationId, CleanupResult result, int attempt) {
        if (closed) return;
        if (attempt == 1) outstanding.decrementAndGet();   // the cleanup is over: from here on only its result travels
        String body = DcsXml.cleanupResult(registrationId, result);
        String why;
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://" + hostPart(cb.host()) + ":" + cb.port() + cb.path()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/xml; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 2) {
                delivered.add(result.requestId());
                log.accept("result " + result.requestId() + " " + result.status() + " acknowledged");
                return;
            }
            why = "HTTP " + r.statusCode();
        } catch (IOException e) {
            why = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (closed) return;
        log.accept("result " + result.requestId() + " not taken (" + why + "), sending again in " + resendInterval.toMillis() + " ms (attempt " + attempt + ")");
        timers.schedule(() -> deliver(cb, registrationId, result, attempt + 1), resendInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String hostPart(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static byte[] body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            return in.readNBytes(64 * 1024);
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", status < 300 ? "application/xml; charset=utf-8" : "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        timers.shutdownNow();
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
