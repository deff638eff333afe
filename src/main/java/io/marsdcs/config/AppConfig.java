package io.marsdcs.config;

import io.marsdcs.net.Cidr;
import io.marsdcs.policy.PolicyRules;
import io.marsdcs.policy.Route;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** The whole configuration, validated. Built only by {@link ConfigLoader}. */
public record AppConfig(Path source, Logging logging, Product product, Smtp smtp, Pop3 pop3, Mars mars,
                        Dcs dcs, Cleanup cleanup, Admin admin, Path stateDir) {

    /** The loopback listener for /metrics and /health (and `marsdcs status`). */
    public record Admin(HostPort listen) {}

    public record Logging(String level, String file, long maxFileSize, int maxFiles) {}

    public record Product(String marsSyslogName, boolean enableCca) {}

    public record Smtp(boolean enabled, HostPort listen, List<Cidr> allowedClients, List<String> recipients,
                       long maxMessageSize, int maxSessionsPerClient) {}

    public record Pop3(boolean enabled, String server, int port, String security, String username,
                       String password, Optional<Path> passwordFile, Duration checkInterval) {}

    /**
     * {@code silenceWarning}: no notification for this long is worth a warning (is MARS still mailing us?);
     * {@code heartbeatInterval}: how often MARS gets a line saying the appliance is alive (zero: never).
     */
    public record Mars(InetAddress syslogServer, int syslogPort, ZoneId timeZone, String hostname,
                       Duration silenceWarning, Duration heartbeatInterval) {}

    /** {@code enforce} sends cleanup requests; {@code observe} decides and logs what it would send, and sends nothing. */
    public enum Mode { ENFORCE, OBSERVE }

    /** A DCS server the appliance talks to; {@code id} ("host:port") is how requests and logs name it. */
    public record DcsServer(String id, String host, int port, String registerPath, String unregisterPath,
                            String cleanupPath, Mode mode, int maxInFlight, int maxRequestsPerMinute, String ccaUrl) {

        /** The manual cleanup page for {@code ip} (the guide's Enable_CCA): the template with {host}, {port}, {ip} filled in. */
        public String ccaUrlFor(String ip) {
            return ccaUrl.replace("{host}", host.indexOf(':') >= 0 ? "[" + host + "]" : host).replace("{port}", String.valueOf(port)).replace("{ip}", ip);
        }
    }

    /** {@code routes} map networks to {@link DcsServer#id()}; several routes may share a server. */
    public record Dcs(HostPort listen, String callbackHost, boolean useHostnameInRequest, List<DcsServer> servers,
                      List<Route> routes) {
        public Optional<DcsServer> server(String id) {
            return servers.stream().filter(s -> s.id().equals(id)).findFirst();
        }
    }

    /**
     * {@code deliveryTimeout}: a request not accepted by its DCS server by then fails;
     * {@code resultTimeout}: an accepted request with no result by then is unconfirmed;
     * {@code maxRequestsPerMinute}: more new cleanups than this in a minute opens the breaker.
     */
    public record Cleanup(List<Cidr> exceptions, List<Cidr> internalNetworks, Duration minDamageFreeTime,
                          Duration resultTimeout, Mode mode, Duration deliveryTimeout, int maxRequestsPerMinute) {}

    public PolicyRules policyRules() {
        return new PolicyRules(cleanup.exceptions(), cleanup.internalNetworks(), dcs.routes(),
                cleanup.minDamageFreeTime(), dcs.useHostnameInRequest());
    }
}
