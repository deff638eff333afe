package io.marsdcs.dcs;

import io.marsdcs.config.AppConfig.DcsServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends the appliance's side of WIRE.md section 2. Every way an exchange can end is turned into
 * a {@link Delivery} in {@link #classify}, the one place that decides what is retried.
 */
public final class DcsClient {
    private final HttpClient http;
    private final Duration timeout;
    private final String productVersion;

    public DcsClient(Duration timeout, String productVersion) {
        this.timeout = timeout;
        this.productVersion = productVersion;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    public Delivery register(DcsServer server, String callbackHost, int callbackPort, String callbackPath) {
        String body = DcsXml.registerRequest(productVersion, new DcsXml.Callback(callbackHost, callbackPort, callbackPath));
        return exchange(server, server.registerPath(), body, Kind.REGISTER);
    }

    public Delivery unregister(DcsServer server, String registrationId) {
        return exchange(server, server.unregisterPath(), DcsXml.unregisterRequest(registrationId), Kind.UNREGISTER);
    }

    public Delivery cleanup(DcsServer server, String registrationId, CleanupOrder order) {
        return exchange(server, server.cleanupPath(), DcsXml.cleanupRequest(registrationId, order), Kind.CLEANUP);
    }

    enum Kind { REGISTER, UNREGISTER, CLEANUP }

    private Delivery exchange(DcsServer server, String path, String body, Kind kind) {
        URI uri = URI.create("http://" + server.id() + path);
        HttpRequest req = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            return classify(kind, resp.statusCode(), resp.body(), null);
        } catch (IOException e) {
            return classify(kind, 0, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery.Retry("interrupted while talking to " + server.id());
        }
    }

    /** The retry decision, guard by guard. */
    static Delivery classify(Kind kind, int status, byte[] body, IOException failure) {
        // No answer at all: the server is down, unreachable or slow. It may come back.
        if (failure instanceof HttpConnectTimeoutException) return new Delivery.Retry("connect timed out");
        if (failure instanceof HttpTimeoutException) return new Delivery.Retry("no answer within the time-out");
        if (failure instanceof ConnectException) return new Delivery.Retry("connection refused");
        if (failure != null) return new Delivery.Retry("I/O error: " + failure);

        // Overloaded or failing server side: the same request may succeed later.
        if (status == 429 || status >= 500) return new Delivery.Retry("HTTP " + status);

        // Anything else outside 2xx means we and the server disagree (wrong path, bad request).
        if (status < 200 || status > 299) {
            return new Delivery.Rejected("HTTP " + status + (status == 404 ? " (check the server's paths in the configuration)" : ""));
        }

        try {
            return switch (kind) {
                case REGISTER -> {
                    DcsXml.RegisterReply r = DcsXml.parseRegisterResponse(body);
                    // 0 registered, 1 already registered: both leave us registered.
                    if ((r.result() == 0 || r.result() == 1) && !r.registrationId().isEmpty()) yield new Delivery.Accepted(r.registrationId());
                    if (r.result() == 9) yield new Delivery.Retry("server error while registering");
                    yield new Delivery.Rejected("registration refused (result " + r.result() + ")");
                }
                case UNREGISTER -> {
                    int r = DcsXml.parseUnregisterResponse(body);
                    yield r == 0 ? new Delivery.Accepted("") : new Delivery.Rejected("unregister answered result " + r);
                }
                case CLEANUP -> {
                    int r = DcsXml.parseCleanupResponse(body).result();
                    yield switch (r) {
                        case 0 -> new Delivery.Accepted("");
                        case 2 -> new Delivery.NotRegistered("server does not know our registration");
                        case 4 -> new Delivery.Retry("server busy");
                        case 9 -> new Delivery.Retry("server error");
                        default -> new Delivery.Rejected("unknown cleanup result " + r);
                    };
                }
            };
        } catch (ProtocolException e) {
            return new Delivery.Rejected("unreadable answer: " + e.getMessage());
        }
    }
}
