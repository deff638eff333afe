package io.marsdcs.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.marsdcs.testing.TestRig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guide's Enable_CCA: a quarantined client is sent to the manual cleanup page of the DCS server covering it. */
class CcaRedirectTest {
    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> get(Appliance a, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.callbackPort() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String withSecondServer(String yaml, int otherPort) {
        // a second DCS server on loopback, observed: nothing is ever sent to it, not even a registration
        return yaml.replace("    - network: 0.0.0.0/0\n", "    - network: 192.168.0.0/16\n      server: 127.0.0.2\n      port: " + otherPort
                + "\n      mode: observe\n      cca_url: https://{host}:{port}/manual-clean?ip={ip}\n    - network: 0.0.0.0/0\n");
    }

    @Test
    void each_client_goes_to_its_own_servers_page() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            int other = TestRig.freePort();
            Appliance a = rig.startWith(y -> withSecondServer(y, other));

            HttpResponse<String> r = get(a, "/cca?ip=192.168.5.5");
            assertThat(r.statusCode()).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).contains("https://127.0.0.2:" + other + "/manual-clean?ip=192.168.5.5");

            r = get(a, "/cca?ip=10.10.0.21");
            assertThat(r.statusCode()).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).contains("http://127.0.0.1:" + rig.dcsPort + "/");

            r = get(a, "/cca");   // no ip=: the client's own address (127.0.0.1, the default route)
            assertThat(r.statusCode()).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).contains("http://127.0.0.1:" + rig.dcsPort + "/");

            assertThat(get(a, "/cca?ip=not-an-address").statusCode()).isEqualTo(400);
            // the rest of the listener stays closed to clients that are not DCS servers
            assertThat(get(a, "/dcs-result").statusCode()).isIn(403, 405);
        }
    }

    @Test
    void with_enable_cca_off_there_is_no_redirect() throws Exception {
        try (TestRig rig = new TestRig(dir, "")) {
            Appliance a = rig.startWith(y -> y.replace("smtp:\n", "product:\n  enable_cca: false\nsmtp:\n"));
            assertThat(get(a, "/cca?ip=10.10.0.21").statusCode()).isEqualTo(404);
        }
    }
}
