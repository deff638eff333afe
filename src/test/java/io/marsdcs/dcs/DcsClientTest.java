package io.marsdcs.dcs;

import static org.assertj.core.api.Assertions.assertThat;

import io.marsdcs.config.AppConfig.DcsServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DcsClientTest {

    static DcsServer server(int port) {
        return new DcsServer("127.0.0.1:" + port, "127.0.0.1", port, "/dcs/mars/register", "/dcs/mars/unregister", "/dcs/mars/cleanup", io.marsdcs.config.AppConfig.Mode.ENFORCE, 20, 0, "http://{host}:{port}/");
    }

    @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "202 | <CleanupResponse version='1.0' requestId='1-1' result='0'/> | Accepted",
            "202 | <CleanupResponse version='1.0' requestId='1-1' result='2'/> | NotRegistered",
            "202 | <CleanupResponse version='1.0' requestId='1-1' result='4'/> | Retry",
            "202 | <CleanupResponse version='1.0' requestId='1-1' result='9'/> | Retry",
            "202 | <CleanupResponse version='1.0' requestId='1-1' result='7'/> | Rejected",
            "202 | not xml at all                                              | Rejected",
            "503 | busy                                                        | Retry",
            "500 | oops                                                        | Retry",
            "429 | slow down                                                   | Retry",
            "404 | no such path                                                | Rejected",
            "400 | bad request                                                 | Rejected",
    })
    void cleanup_answers_are_classified(int status, String body, String expected) {
        Delivery d = DcsClient.classify(DcsClient.Kind.CLEANUP, status, body.replace('\'', '"').getBytes(StandardCharsets.UTF_8), null);
        assertThat(d.getClass().getSimpleName()).isEqualTo(expected);
    }

    @Test
    void no_answer_at_all_is_retried() {
        assertThat(DcsClient.classify(DcsClient.Kind.CLEANUP, 0, null, new ConnectException("refused"))).isInstanceOf(Delivery.Retry.class);
        assertThat(DcsClient.classify(DcsClient.Kind.CLEANUP, 0, null, new HttpTimeoutException("slow"))).isInstanceOf(Delivery.Retry.class);
        assertThat(DcsClient.classify(DcsClient.Kind.CLEANUP, 0, null, new IOException("reset"))).isInstanceOf(Delivery.Retry.class);
    }

    @ParameterizedTest(name = "register result {0} -> {1}")
    @CsvSource({"0, Accepted", "1, Accepted", "2, Rejected", "9, Retry"})
    void registration_answers_are_classified(int result, String expected) {
        String body = "<RegisterResponse version=\"1.0\" result=\"" + result + "\" registrationId=\"7F3A2C10\"/>";
        assertThat(DcsClient.classify(DcsClient.Kind.REGISTER, 200, body.getBytes(StandardCharsets.UTF_8), null).getClass().getSimpleName())
                .isEqualTo(expected);
    }

    @Test
    void against_the_simulator_register_clean_unregister() throws Exception {
        try (DcsSimulator sim = new DcsSimulator(new InetSocketAddress("127.0.0.1", 0), Map.of(), DcsStatus.CLEANUP_SUCCESS,
                Duration.ofHours(1), Duration.ofSeconds(1), line -> { })) {
            DcsClient client = new DcsClient(Duration.ofSeconds(5), "test");
            DcsServer s = server(sim.port());
            Delivery reg = client.register(s, "127.0.0.1", 1080, "/dcs-result");
            assertThat(reg).isInstanceOf(Delivery.Accepted.class);
            String id = ((Delivery.Accepted) reg).registrationId();
            assertThat(sim.registrationIds()).containsExactly(id);

            CleanupOrder order = new CleanupOrder("13725095-1", "10.10.0.21", false, "13725095", "rule & <more>", "2007-04-05T16:54:58-07:00");
            assertThat(client.cleanup(s, "NOT-OURS", order)).isInstanceOf(Delivery.NotRegistered.class);
            assertThat(client.cleanup(s, id, order)).isInstanceOf(Delivery.Accepted.class);
            assertThat(sim.received()).hasSize(1);
            assertThat(sim.received().get(0).order()).isEqualTo(order);

            assertThat(client.unregister(s, id)).isInstanceOf(Delivery.Accepted.class);
            assertThat(sim.registrationIds()).isEmpty();
        }
    }

    @Test
    void a_dead_server_is_retried_not_fatal() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        Delivery d = new DcsClient(Duration.ofSeconds(2), "test").register(server(dead), "127.0.0.1", 1080, "/dcs-result");
        assertThat(d).isInstanceOf(Delivery.Retry.class);
    }
}
