package io.marsdcs.config;

import io.marsdcs.net.Cidr;
import io.marsdcs.net.IpLiteral;
import io.marsdcs.policy.Route;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the YAML of CONFIG.md into an {@link AppConfig}. Safe loading only (the node tree is
 * walked, no object is ever constructed from tags). Every error is collected and reported with
 * file, line, key and what would be valid; warnings come back with the configuration.
 */
public final class ConfigLoader {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)", Pattern.CASE_INSENSITIVE);
    private static final Set<String> LEVELS = Set.of("critical", "error", "warning", "info", "debug");
    private static final Set<String> POP3_SECURITY = Set.of("none", "starttls", "tls");

    /** A valid configuration and the warnings found on the way. */
    public record Loaded(AppConfig config, List<ConfigError> warnings) {}

    private ConfigLoader() {}

    /** A duration as the configuration writes it: 30m, 2s, 1500ms, 2h. */
    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }

    /** A duration with its unit ({@code 500ms}, {@code 5s}, {@code 60m}, {@code 2h}, {@code 1d}); empty when it has none. */
    public static Optional<Duration> parseDuration(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim());
        if (!m.matches()) return Optional.empty();
        long x = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(x);
            case "s" -> Duration.ofSeconds(x);
            case "m" -> Duration.ofMinutes(x);
            case "h" -> Duration.ofHours(x);
            default -> Duration.ofDays(x);
        });
    }

    public static Loaded load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError(file.toString(), 0, "(file)", "cannot read: " + e.getMessage(), false)));
        }
        return parse(file, text);
    }

    public static Loaded parse(Path file, String text) throws ConfigException {
        Problems p = new Problems(file.toString());
        Node root;
        try (Reader r = new StringReader(text)) {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            options.setAllowRecursiveKeys(false);
            root = new Yaml(new SafeConstructor(options)).compose(r);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(List.of(new ConfigError(file.toString(), line, "(syntax)", e.getProblem(), false)));
        } catch (YAMLException | IOException e) {
            throw new ConfigException(List.of(new ConfigError(file.toString(), 0, "(syntax)", e.getMessage(), false)));
        }
        if (root == null) {
            throw new ConfigException(List.of(new ConfigError(file.toString(), 1, "(file)", "the file is empty", false)));
        }
        AppConfig config = new ConfigLoader.Reading(file, p).read(root);
        if (p.hasErrors()) throw new ConfigException(p.all());
        return new Loaded(config, p.all());
    }

    /** A value and where it was written, for warnings that compare entries. */
    private record Located<T>(T value, String key, Node node) {}

    /** One pass over one file. */
    private static final class Reading {
        private final Path file;
        private final Problems p;
        private final List<Located<Cidr>> exceptionEntries = new ArrayList<>();
        private final List<Located<Cidr>> internalEntries = new ArrayList<>();
        private final List<Located<Route>> routeEntries = new ArrayList<>();

        Reading(Path file, Problems p) {
            this.file = file;
            this.p = p;
        }

        AppConfig read(Node root) {
            Section top = new Section("", root, p);
            AppConfig.Logging logging = logging(section(top, "logging"));
            AppConfig.Product product = product(section(top, "product"));
            AppConfig.Smtp smtp = smtp(section(top, "smtp"));
            AppConfig.Pop3 pop3 = pop3(section(top, "pop3"));
            AppConfig.Mars mars = mars(section(top, "mars"));
            AppConfig.Cleanup cleanup = cleanup(section(top, "cleanup"));
            AppConfig.Dcs dcs = dcs(section(top, "dcs"), cleanup.mode());
            Section adminSection = section(top, "admin");
            AppConfig.Admin admin = new AppConfig.Admin(hostPort(adminSection, "listen", "127.0.0.1:8080"));
            adminSection.rejectUnknown();
            if (!admin.listen().address().isLoopbackAddress()) {
                p.warning(adminSection.get("listen").orElse(adminSection.node()), adminSection.key("listen"),
                        admin.listen() + " is not a loopback address: metrics and health are readable from the network");
            }
            Path stateDir = Path.of(str(top, "state_dir", "/var/lib/marsdcs", false));
            top.rejectUnknown();
            crossCheck();
            return new AppConfig(file, logging, product, smtp, pop3, mars, dcs, cleanup, admin, stateDir);
        }

        private Section section(Section parent, String name) {
            return new Section(parent.key(name), parent.get(name).orElse(null), p);
        }

        AppConfig.Logging logging(Section s) {
            String level = str(s, "level", "info", false).toLowerCase(Locale.ROOT);
            if (!LEVELS.contains(level)) {
                p.error(s.get("level").orElse(s.node()), s.key("level"), "'" + level + "' is not a level; use one of critical, error, warning, info, debug");
            }
            var r = new AppConfig.Logging(level, str(s, "file", "", true), size(s, "max_file_size", 10L << 20),
                    integer(s, "max_files", 5, 1, 1000));
            s.rejectUnknown();
            return r;
        }

        AppConfig.Product product(Section s) {
            String name = str(s, "mars_syslog_name", "DamageCleanupServices", false);
            if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
                p.error(s.get("mars_syslog_name").orElse(s.node()), s.key("mars_syslog_name"),
                        "'" + name + "' must be 1 to 64 letters, digits, '_', '.' or '-' (it appears in every syslog line)");
            }
            var r = new AppConfig.Product(name, bool(s, "enable_cca", true));
            s.rejectUnknown();
            return r;
        }

        AppConfig.Smtp smtp(Section s) {
            var r = new AppConfig.Smtp(bool(s, "enabled", true), hostPort(s, "listen", "0.0.0.0:25"),
                    networks(s, "allowed_clients"), strings(s, "recipients"), size(s, "max_message_size", 10L << 20),
                    integer(s, "max_sessions_per_client", 20, 1, 10_000));
            s.rejectUnknown();
            return r;
        }

        AppConfig.Pop3 pop3(Section s) {
            boolean enabled = bool(s, "enabled", false);
            String security = str(s, "security", "none", false).toLowerCase(Locale.ROOT);
            if (!POP3_SECURITY.contains(security)) {
                p.error(s.get("security").orElse(s.node()), s.key("security"), "'" + security + "' is not one of none, starttls, tls");
            }
            Optional<Path> passwordFile = s.get("password_file").map(n -> Path.of(scalar(n, s.key("password_file"), false)));
            if (enabled && passwordFile.isEmpty() && s.get("password").isEmpty()) {
                p.error(s.node(), s.key("password"), "missing: POP3 is enabled, give password or password_file");
            }
            if (passwordFile.isPresent() && s.get("password").isPresent()) {
                p.error(s.get("password").get(), s.key("password"), "give either password or password_file, not both");
            }
            var r = new AppConfig.Pop3(enabled, str(s, "server", "172.16.100.254", false),
                    integer(s, "port", "tls".equals(security) ? 995 : 110, 1, 65535), security,
                    str(s, "username", "dcs_admin", false), str(s, "password", "", true), passwordFile,
                    duration(s, "check_interval", Duration.ofSeconds(5), "seconds in the guide's email_check_frequency: write 5s"));
            s.rejectUnknown();
            return r;
        }

        AppConfig.Mars mars(Section s) {
            InetAddress server = address(s, "syslog_server", "172.16.100.252");
            int port = integer(s, "syslog_port", 514, 1, 65535);
            String zoneText = str(s, "time_zone", "", true);
            ZoneId zone = ZoneId.systemDefault();
            if (!zoneText.isEmpty()) {
                try {
                    zone = ZoneId.of(zoneText);
                } catch (DateTimeException e) {
                    p.error(s.get("time_zone").orElse(s.node()), s.key("time_zone"),
                            "'" + zoneText + "' is not a time zone; use a region id such as America/Los_Angeles, or leave it empty for the system zone");
                }
            }
            var r = new AppConfig.Mars(server, port, zone, str(s, "hostname", "", true),
                    duration(s, "silence_warning", Duration.ofHours(24), "write 24h"),
                    duration(s, "heartbeat_interval", Duration.ofHours(1), "write 1h, or 0s for none"));
            s.rejectUnknown();
            return r;
        }

        AppConfig.Dcs dcs(Section s, AppConfig.Mode defaultMode) {
            HostPort listen = hostPort(s, "listen", "0.0.0.0:1080");
            String callback = str(s, "callback_host", "", true);
            if (!callback.isEmpty() && IpLiteral.parse(callback).isEmpty() && !callback.matches("[A-Za-z0-9.-]+")) {
                p.error(s.get("callback_host").orElse(s.node()), s.key("callback_host"), "'" + callback + "' is neither an address nor a host name");
            }
            boolean useHostname = bool(s, "use_hostname_in_dcs_req", false);
            List<AppConfig.DcsServer> servers = new ArrayList<>();
            List<Route> routes = new ArrayList<>();
            Map<String, Integer> routeLines = new HashMap<>();
            Map<String, Integer> serverLines = new HashMap<>();
            Optional<Node> list = s.get("servers");
            if (list.isEmpty()) {
                p.error(s.node() == null ? 1 : s.line(), s.key("servers"), "missing: at least the default DCS server (network 0.0.0.0/0) is required");
            }
            list.ifPresent(n -> forEachItem(n, s.key("servers"), (item, key) -> {
                Section e = new Section(key, item, p);
                Optional<Cidr> net = network(e, item, key);
                String host = str(e, "server", null, false);
                int port = integer(e, "port", 80, 1, 65535);
                String reg = path(e, "register_path", "/dcs/mars/register");
                String unreg = path(e, "unregister_path", "/dcs/mars/unregister");
                String clean = path(e, "cleanup_path", "/dcs/mars/cleanup");
                AppConfig.Mode mode = mode(e, defaultMode);
                int maxInFlight = integer(e, "max_in_flight", 20, 1, 100_000);
                int serverRate = integer(e, "max_requests_per_minute", 0, 0, 1_000_000);
                String cca = str(e, "cca_url", "http://{host}:{port}/", false);
                if (!cca.startsWith("http://") && !cca.startsWith("https://")) {
                    p.error(e.get("cca_url").orElse(item), key + ".cca_url", "'" + cca + "' must be an http:// or https:// URL ({host}, {port} and {ip} are filled in)");
                }
                e.rejectUnknown();
                if (host == null || net.isEmpty()) return;
                if (!host.matches("[A-Za-z0-9.:-]+")) {
                    p.error(item, key + ".server", "'" + host + "' is neither an address nor a host name");
                    return;
                }
                String id = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
                Integer earlier = routeLines.putIfAbsent(net.get().toString(), Problems.line(item));
                if (earlier != null) {
                    p.error(item, key, "network " + net.get() + " is listed twice (also at line " + earlier + "); each network goes to one DCS server");
                    return;
                }
                Optional<AppConfig.DcsServer> same = servers.stream().filter(x -> x.id().equals(id)).findFirst();
                if (same.isEmpty()) {
                    servers.add(new AppConfig.DcsServer(id, host, port, reg, unreg, clean, mode, maxInFlight, serverRate, cca));
                    serverLines.put(id, Problems.line(item));
                } else if (same.get().mode() != mode) {
                    p.error(item, key + ".mode", "server " + id + " is in " + mode.name().toLowerCase(Locale.ROOT) + " mode here but "
                            + same.get().mode().name().toLowerCase(Locale.ROOT) + " at line " + serverLines.get(id) + "; one server has one mode");
                }
                Route route = new Route(net.get(), id);
                routes.add(route);
                routeEntries.add(new Located<>(route, key, item));
            }));
            if (list.isPresent() && routes.stream().noneMatch(r -> r.network().prefix() == 0 && r.network().isIpv4())) {
                p.error(list.get(), s.key("servers"), "the default DCS server is mandatory: add an entry with network 0.0.0.0/0 (ip_net 0.0.0.0, ip_mask 0.0.0.0)");
            }
            var r = new AppConfig.Dcs(listen, callback, useHostname, servers, routes);
            s.rejectUnknown();
            return r;
        }

        AppConfig.Cleanup cleanup(Section s) {
            List<Cidr> exceptions = networks(s, "exceptions", exceptionEntries);
            List<Cidr> internal = networks(s, "internal_networks", internalEntries);
            if (internal.isEmpty() && !p.hasErrors()) {
                p.warning(s.node(), s.key("internal_networks"), "empty: no host will ever be cleaned");
            }
            var r = new AppConfig.Cleanup(exceptions, internal,
                    duration(s, "min_damage_free_time", Duration.ofMinutes(60), "minutes in the guide: write 60m"),
                    duration(s, "result_timeout", Duration.ofMinutes(30), "write 30m"), mode(s, AppConfig.Mode.ENFORCE),
                    duration(s, "delivery_timeout", Duration.ofMinutes(30), "write 30m"),
                    integer(s, "max_requests_per_minute", 120, 1, 1_000_000));
            s.rejectUnknown();
            return r;
        }

        /** Warnings about entries that are valid alone but suspicious together. */
        private void crossCheck() {
            for (Located<Cidr> e : exceptionEntries) {
                Cidr x = e.value();
                if (!internalEntries.isEmpty() && internalEntries.stream().noneMatch(i -> covers(i.value(), x))) {
                    p.warning(e.node(), e.key(), x + " is outside every internal network: only internal hosts are cleaned, so this exception changes nothing");
                }
                if (x.isIpv4() && x.prefix() < 16) {
                    p.warning(e.node(), e.key(), x + " exempts " + (1L << (32 - x.prefix())) + " addresses, more than a /16: a whole site is never cleaned; is that meant?");
                }
            }
            for (Located<Route> r : routeEntries) {
                Route route = r.value();
                routeEntries.stream().map(Located::value)
                        .filter(q -> q.network().prefix() < route.network().prefix() && covers(q.network(), route.network()))
                        .max(java.util.Comparator.comparingInt(q -> q.network().prefix()))
                        .filter(q -> q.serverId().equals(route.serverId()))
                        .ifPresent(q -> p.warning(r.node(), r.key(), "route " + route.network() + " -> " + route.serverId()
                                + " is redundant: " + q.network() + " already sends these hosts to the same server"));
            }
        }

        private static boolean covers(Cidr outer, Cidr inner) {
            return outer.prefix() <= inner.prefix() && outer.contains(inner.network());
        }

        // ---- value readers: each reports its own errors and returns a usable default

        private AppConfig.Mode mode(Section s, AppConfig.Mode dflt) {
            return s.get("mode").map(n -> {
                String v = scalar(n, s.key("mode"), false).toLowerCase(Locale.ROOT);
                return switch (v) {
                    case "enforce" -> AppConfig.Mode.ENFORCE;
                    case "observe" -> AppConfig.Mode.OBSERVE;
                    default -> {
                        p.error(n, s.key("mode"), "'" + v + "' is not enforce or observe");
                        yield dflt;
                    }
                };
            }).orElse(dflt);
        }

        private String str(Section s, String key, String dflt, boolean emptyAllowed) {
            return s.get(key).map(n -> scalar(n, s.key(key), emptyAllowed)).orElseGet(() -> {
                if (dflt == null) p.error(s.node() == null ? 0 : s.line(), s.key(key), "missing: a value is required");
                return dflt;
            });
        }

        private String scalar(Node n, String key, boolean emptyAllowed) {
            if (!(n instanceof ScalarNode sn)) {
                p.error(n, key, "must be a single value, not a list or mapping");
                return "";
            }
            String v = sn.getValue().trim();
            if (v.isEmpty() && !emptyAllowed) p.error(n, key, "empty value: give a value or remove the key for its default");
            return v;
        }

        private boolean bool(Section s, String key, boolean dflt) {
            return s.get(key).map(n -> {
                String v = scalar(n, s.key(key), false).toLowerCase(Locale.ROOT);
                return switch (v) {
                    case "true", "yes", "on" -> true;
                    case "false", "no", "off" -> false;
                    default -> {
                        p.error(n, s.key(key), "'" + v + "' is not true or false");
                        yield dflt;
                    }
                };
            }).orElse(dflt);
        }

        private int integer(Section s, String key, int dflt, int min, int max) {
            return s.get(key).map(n -> {
                String v = scalar(n, s.key(key), false);
                try {
                    int i = Integer.parseInt(v);
                    if (i >= min && i <= max) return i;
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                p.error(n, s.key(key), "'" + v + "' must be a whole number from " + min + " to " + max);
                return dflt;
            }).orElse(dflt);
        }

        private Duration duration(Section s, String key, Duration dflt, String unitHint) {
            return s.get(key).map(n -> {
                String v = scalar(n, s.key(key), false);
                Optional<Duration> d = parseDuration(v);
                if (d.isPresent()) return d.get();
                String why = v.matches("\\d+") ? "a bare number has no unit (" + unitHint + ")" : "'" + v + "' is not a duration (use ms, s, m, h or d: 500ms, 5s, 60m, 2h)";
                p.error(n, s.key(key), why);
                return dflt;
            }).orElse(dflt);
        }

        private long size(Section s, String key, long dflt) {
            return s.get(key).map(n -> {
                String v = scalar(n, s.key(key), false);
                Matcher m = SIZE.matcher(v);
                if (m.matches()) {
                    long x = Long.parseLong(m.group(1));
                    return switch (m.group(2).toUpperCase(Locale.ROOT)) {
                        case "B" -> x;
                        case "KB" -> x << 10;
                        case "MB" -> x << 20;
                        default -> x << 30;
                    };
                }
                p.error(n, s.key(key), "'" + v + "' is not a size (use B, KB, MB or GB: 64KB, 10MB)");
                return dflt;
            }).orElse(dflt);
        }

        private String path(Section s, String key, String dflt) {
            String v = str(s, key, dflt, false);
            if (!v.startsWith("/")) {
                p.error(s.get(key).orElse(s.node()), s.key(key), "'" + v + "' must be an absolute URL path starting with /");
            }
            return v;
        }

        private InetAddress address(Section s, String key, String dflt) {
            String v = str(s, key, dflt, false);
            Optional<InetAddress> a = IpLiteral.parse(v);
            if (a.isPresent()) return a.get();
            p.error(s.get(key).orElse(s.node()), s.key(key), "'" + v + "' is not an IPv4 or IPv6 address");
            return IpLiteral.parse(dflt).orElseThrow();
        }

        private HostPort hostPort(Section s, String key, String dflt) {
            String v = str(s, key, dflt, false);
            int colon = v.lastIndexOf(':');
            if (colon > 0) {
                String host = v.substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
                Optional<InetAddress> a = IpLiteral.parse(host);
                String portText = v.substring(colon + 1);
                if (a.isPresent() && portText.matches("\\d{1,5}") && Integer.parseInt(portText) <= 65535) {
                    return new HostPort(a.get(), Integer.parseInt(portText));
                }
            }
            p.error(s.get(key).orElse(s.node()), s.key(key), "'" + v + "' must be ADDRESS:PORT, e.g. 0.0.0.0:" + dflt.substring(dflt.lastIndexOf(':') + 1) + " or [::]:" + dflt.substring(dflt.lastIndexOf(':') + 1));
            HostPort fallback = new HostPort(IpLiteral.parse("0.0.0.0").orElseThrow(), 0);
            return fallback;
        }

        private List<String> strings(Section s, String key) {
            List<String> out = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            s.get(key).ifPresent(n -> forEachItem(n, s.key(key), (item, k) -> {
                String v = scalar(item, k, false);
                if (v.isEmpty()) return;
                Integer earlier = seen.putIfAbsent(v.toLowerCase(Locale.ROOT), Problems.line(item));
                if (earlier != null) p.error(item, k, "'" + v + "' is listed twice (also at line " + earlier + ")");
                else out.add(v);
            }));
            return out;
        }

        /** A list of networks: CIDR strings, bare addresses (a /32), or the guide's {ip_net, ip_mask} pairs. */
        private List<Cidr> networks(Section s, String key) {
            return networks(s, key, new ArrayList<>());
        }

        private List<Cidr> networks(Section s, String key, List<Located<Cidr>> located) {
            List<Cidr> out = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            s.get(key).ifPresent(n -> forEachItem(n, s.key(key), (item, k) -> {
                Optional<Cidr> c;
                if (item instanceof MappingNode) {
                    Section pairSection = new Section(k, item, p);
                    c = pair(pairSection, item, k);
                    pairSection.rejectUnknown();
                } else {
                    c = cidr(item, k);
                }
                if (c.isEmpty()) return;
                Integer earlier = seen.putIfAbsent(c.get().toString(), Problems.line(item));
                if (earlier != null) {
                    p.error(item, k, c.get() + " is listed twice (also at line " + earlier + ")");
                } else {
                    out.add(c.get());
                    located.add(new Located<>(c.get(), k, item));
                }
            }));
            return out;
        }

        private Optional<Cidr> network(Section e, Node item, String key) {
            Optional<Node> net = e.get("network");
            if (net.isPresent()) {
                if (e.get("ip_net").isPresent() || e.get("ip_mask").isPresent()) {
                    p.error(item, key, "give either network or ip_net + ip_mask, not both");
                    return Optional.empty();
                }
                return cidr(net.get(), key + ".network");
            }
            return pair(e, item, key);
        }

        private Optional<Cidr> pair(Section e, Node item, String key) {
            Optional<Node> ipNet = e.get("ip_net");
            Optional<Node> ipMask = e.get("ip_mask");
            if (ipNet.isEmpty() || ipMask.isEmpty()) {
                p.error(item, key, "needs network (CIDR, e.g. 10.30.0.0/16) or both ip_net and ip_mask");
                return Optional.empty();
            }
            String netText = scalar(ipNet.get(), key + ".ip_net", false);
            String maskText = scalar(ipMask.get(), key + ".ip_mask", false);
            Optional<InetAddress> a = IpLiteral.parse(netText);
            if (a.isEmpty()) {
                p.error(ipNet.get(), key + ".ip_net", "'" + netText + "' is not an IPv4 address");
                return Optional.empty();
            }
            Optional<Integer> prefix = Cidr.prefixOfMask(maskText);
            if (prefix.isEmpty()) {
                p.error(ipMask.get(), key + ".ip_mask", "'" + maskText + "' is not a contiguous netmask such as 255.255.0.0");
                return Optional.empty();
            }
            return cidrOf(netText + "/" + prefix.get(), ipNet.get(), key);
        }

        private Optional<Cidr> cidr(Node n, String key) {
            String v = scalar(n, key, false);
            if (v.isEmpty()) return Optional.empty();
            return cidrOf(v, n, key);
        }

        private Optional<Cidr> cidrOf(String v, Node n, String key) {
            Optional<Cidr> c = Cidr.parse(v);
            if (c.isPresent()) return c;
            int slash = v.indexOf('/');
            if (slash > 0 && IpLiteral.parse(v.substring(0, slash)).isPresent() && v.substring(slash + 1).matches("\\d{1,3}")) {
                int prefix = Integer.parseInt(v.substring(slash + 1));
                InetAddress a = IpLiteral.parse(v.substring(0, slash)).get();
                if (prefix <= a.getAddress().length * 8) {
                    Cidr fixed = Cidr.covering(a, prefix);
                    p.error(n, key, "'" + v + "' has host bits set; did you mean " + fixed + "?");
                    return Optional.empty();
                }
            }
            p.error(n, key, "'" + v + "' is not an address or network (CIDR such as 10.30.0.0/16)");
            return Optional.empty();
        }

        private interface ItemReader {
            void read(Node item, String key);
        }

        private void forEachItem(Node n, String key, ItemReader reader) {
            if (n instanceof ScalarNode sn && sn.getValue().isEmpty()) return; // "key:" with nothing is an empty list
            if (!(n instanceof SequenceNode seq)) {
                p.error(n, key, "must be a list (one '- item' per line, or [])");
                return;
            }
            List<Node> items = seq.getValue();
            for (int i = 0; i < items.size(); i++) reader.read(items.get(i), key + "[" + i + "]");
        }
    }
}
