package io.marsdcs.dcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class CallbackServerTest {
    static final String RESULT = """
            <CleanupResult version="1.0" registrationId="7F3A2C10" requestId="13725095-1">
              <Target ip="10.10.0.21" host="WKS-021"/>
              <Status code="0">CLEANUP_SUCCESS</Status>
              <Time>2007-04-05T16:57:18-07:00</Time>
              <Threats><Threat name="WORM_SASSER.B" action="cleaned"/></Threats>
            </CleanupResult>""";

    final List<CleanupResult> accepted = new CopyOnWriteArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    CallbackServer start(Predicate<InetAddress> allowed, ResultSink sink) throws Exception {
        return CallbackServer.start(new InetSocketAddress("127.0.0.1", 0), allowed, sink);
    }

    ResultSink recording() {
        return (r, from) -> {
            accepted.add(r);
            return CompletableFuture.completedFuture(null);
        };
    }

    HttpResponse<String> post(CallbackServer s, String path, String type, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void an_xml_result_is_recorded_then_acknowledged() throws Exception {
        try (CallbackServer s = start(a -> true, recording())) {
            HttpResponse<String> r = post(s, "/dcs-result", "application/xml", RESULT);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("<CleanupResultAck version=\"1.0\" requestId=\"13725095-1\" result=\"0\"/>");
            assertThat(accepted).singleElement().satisfies(c -> {
                assertThat(c.status()).isEqualTo(DcsStatus.CLEANUP_SUCCESS);
                assertThat(c.ip()).isEqualTo("10.10.0.21");
                assertThat(c.threats()).containsExactly("WORM_SASSER.B");
            });
        }
    }

    @Test
    void a_form_encoded_result_is_accepted_too() throws Exception {
        try (CallbackServer s = start(a -> true, recording())) {
            HttpResponse<String> r = post(s, "/dcs-result", "application/x-www-form-urlencoded",
                    "requestId=13725095-1&ip=10.10.0.21&code=3&time=2007-04-05T16%3A57%3A18-07%3A00");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(accepted.get(0).status()).isEqualTo(DcsStatus.LOGIN_FAILURE);
            assertThat(accepted.get(0).time()).isEqualTo("2007-04-05T16:57:18-07:00");
        }
    }

    @Test
    void results_from_other_hosts_are_forbidden() throws Exception {
        try (CallbackServer s = start(a -> false, recording())) {
            assertThat(post(s, "/dcs-result", "application/xml", RESULT).statusCode()).isEqualTo(403);
            assertThat(accepted).isEmpty();
        }
    }

    @Test
    void malformed_bodies_get_400_with_the_reason() throws Exception {
        try (CallbackServer s = start(a -> true, recording())) {
            HttpResponse<String> r = post(s, "/dcs-result", "application/xml", "<CleanupResult requestId=\"1\"><Status code=\"77\"/></CleanupResult>");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("Target");
            assertThat(post(s, "/dcs-result", "application/xml", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>").statusCode())
                    .isEqualTo(400);
            assertThat(post(s, "/dcs-result", "application/x-www-form-urlencoded", "ip=10.1.1.1&code=0").statusCode()).isEqualTo(400);
            assertThat(post(s, "/dcs-result", "application/x-www-form-urlencoded", "requestId=1-1&code=0&time=16%3A5%").statusCode())
                    .as("a broken escape is a malformed body, not a dropped connection").isEqualTo(400);
            assertThat(accepted).isEmpty();
        }
    }

    @Test
    void wrong_path_method_and_size_are_refused() throws Exception {
        try (CallbackServer s = start(a -> true, recording())) {
            assertThat(post(s, "/other", "application/xml", RESULT).statusCode()).isEqualTo(404);
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/dcs-result")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(post(s, "/dcs-result", "application/xml", "<x>" + "a".repeat(100_000) + "</x>").statusCode()).isEqualTo(413);
        }
    }

    @Test
    void a_result_not_recorded_gets_503_so_the_server_resends() throws Exception {
        try (CallbackServer s = start(a -> true, (r, f) -> CompletableFuture.failedFuture(new IllegalStateException("disk full")))) {
            assertThat(post(s, "/dcs-result", "application/xml", RESULT).statusCode()).isEqualTo(503);
        }
    }

    @Test
    void a_taken_port_is_named_in_the_error() throws Exception {
        try (CallbackServer first = start(a -> true, recording())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                            CallbackServer.start(new InetSocketAddress("127.0.0.1", first.port()), a -> true, recording()))
                    .hasMessageContaining(":" + first.port()).hasMessageContaining("dcs.listen");
        }
    }
}
