package io.marsdcs.config;

import io.marsdcs.net.Cidr;
import io.marsdcs.net.IpLiteral;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Turns the old plug-in's {@code dcsp_config.xml} (element names as the integration guide shows
 * them) into commented marsdcs YAML. The old file's own mistakes, which the plug-in let through or
 * dropped silently, are reported with their line and marked in the YAML; nothing is copied
 * silently and nothing is dropped without a comment saying why.
 */
public final class LegacyImport {
    /** The old plug-in's caps: entries past them were ignored without a word. */
    static final int MAX_EXCEPTIONS = 50;
    static final int MAX_NETWORKS = 10;
    static final int MAX_SERVERS = 10;
    private static final Set<String> YAML_WORDS = Set.of("yes", "no", "true", "false", "on", "off", "null", "y", "n", "~");

    /** The YAML, and every problem found in the old file (errors make the YAML need editing). */
    public record Result(String yaml, List<ConfigError> problems) {
        public boolean hasErrors() {
            return problems.stream().anyMatch(p -> !p.warning());
        }
    }

    private record El(String name, Map<String, String> attrs, String text, int line) {
        /** The guide's files carry values in a {@code value} attribute; take element text too. */
        String value() {
            String v = attrs.get("value");
            return (v != null ? v : text).trim();
        }

        String attr(String key) {
            return attrs.getOrDefault(key, "").trim();
        }
    }

    private final String file;
    private final List<El> elements;
    private final List<ConfigError> problems = new ArrayList<>();
    private final StringBuilder y = new StringBuilder();

    private LegacyImport(String file, List<El> elements) {
        this.file = file;
        this.elements = elements;
    }

    public static Result read(Path path) throws IOException {
        String name = path.getFileName().toString();
        List<El> elements;
        try {
            elements = parse(Files.readAllBytes(path));
        } catch (RuntimeException e) {   // the JDK parser has undeclared failures on hostile input
            return new Result("", List.of(new ConfigError(name, 0, "(xml)", "not readable XML: " + e, false)));
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
            return new Result("", List.of(new ConfigError(name, line, "(xml)", "not readable XML: "
                    + String.valueOf(e.getMessage()).replaceAll("\\s+", " ")
                    .replaceFirst("^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\] Message: ", ""), false)));
        }
        LegacyImport li = new LegacyImport(name, elements);
        li.write();
        return new Result(li.y.toString(), List.copyOf(li.problems));
    }

    private static List<El> parse(byte[] bytes) throws XMLStreamException {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader r = f.createXMLStreamReader(new ByteArrayInputStream(bytes));
        List<El> out = new ArrayList<>();
        List<StringBuilder> texts = new ArrayList<>();
        List<Integer> open = new ArrayList<>();
        while (r.hasNext()) {
            int ev = r.next();
            if (ev == XMLStreamConstants.DTD) throw new XMLStreamException("a DOCTYPE is not allowed", r.getLocation());
            if (ev == XMLStreamConstants.START_ELEMENT) {
                if (out.size() > 10_000 || open.size() > 32) throw new XMLStreamException("too large or too deep for a configuration", r.getLocation());
                Map<String, String> attrs = new LinkedHashMap<>();
                for (int i = 0; i < r.getAttributeCount(); i++) attrs.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                out.add(new El(r.getLocalName(), attrs, "", r.getLocation().getLineNumber()));
                texts.add(new StringBuilder());
                open.add(out.size() - 1);
            } else if ((ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) && !open.isEmpty()) {
                texts.get(open.get(open.size() - 1)).append(r.getText());
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                int i = open.remove(open.size() - 1);
                El e = out.get(i);
                out.set(i, new El(e.name(), e.attrs(), texts.get(i).toString(), e.line()));
            }
        }
        return out;
    }

    // ---- the YAML, section by section in CONFIG.md's order

    private void write() {
        y.append("# Imported from ").append(file).append(" by `marsdcs import-legacy`.\n")
                .append("# Each setting's old name is in its comment; NOTE marks what needs a decision from you.\n")
                .append("# Then: marsdcs check-config --config THIS_FILE\n\n");

        y.append("logging:\n");
        line("level", text("log_level").map(String::toLowerCase).orElse("info"), "Logging_Info/log_level");
        Optional<String> logFile = text("log_file");
        line("file", "", logFile.map(f -> "Logging_Info/log_file was '" + f + "'; the journal keeps the log now,"
                + " a path under /var/lib/marsdcs keeps a file too").orElse("empty: the journal only"));
        y.append("  max_file_size: 10MB             # new: the old log grew forever\n");
        y.append("  max_files: 5                    # new: and it is no longer wiped on restart\n");
        text("use_wintail").ifPresent(v -> y.append("  # Logging_Info/use_wintail=").append(v)
                .append(" has no equivalent: follow the log with `journalctl -u marsdcs -f`\n"));

        y.append("\nproduct:\n");
        line("mars_syslog_name", text("Product_Name_Mars_Syslog").orElse("DamageCleanupServices"), "Product_Info/Product_Name_Mars_Syslog");
        line("enable_cca", yesNo("Enable_CCA", true), "Product_Info/Enable_CCA");

        y.append("\nsmtp:                             # new: MARS (or a relay) can mail the appliance directly\n");
        y.append("  enabled: true\n  listen: 0.0.0.0:25\n");
        Optional<String> mailServer = text("email_server_name");
        mailServer.ifPresent(s -> y.append("  allowed_clients: []             # NOTE: list MARS and relays (CIDR) here, e.g. the mail server ")
                .append(s).append("\n"));
        mailServer.ifPresentOrElse(s -> { }, () -> y.append("  allowed_clients: []\n"));
        y.append("  recipients: []\n  max_message_size: 10MB\n");

        y.append("\npop3:                             # MARS_Event_Info: how the old plug-in got its mail\n");
        y.append("  enabled: true                   # as before; NOTE: once MARS mails the smtp listener directly, set false\n");
        line("server", mailServer.orElse("172.16.100.254"), "email_server_name");
        y.append("  port: 110\n  security: none\n");
        line("username", text("email_acct_username").orElse("dcs_admin"), "email_acct_username");
        line("password", text("email_acct_password").orElse(""), "email_acct_password (or password_file: /path)");
        text("email_check_frequency").ifPresentOrElse(v -> {
            if (v.matches("\\d{1,6}")) line("check_interval", v + "s", "email_check_frequency, seconds");
            else error("email_check_frequency", v, "is not a number of seconds; the default 5s is written");
        }, () -> y.append("  check_interval: 5s\n"));

        y.append("\nmars:                             # MARS_Server_Info\n");
        line("syslog_server", address("mars_syslog_server").orElse("172.16.100.252"), "mars_syslog_server");
        text("mars_syslog_port").ifPresentOrElse(v -> {
            if (v.matches("\\d{1,5}") && Integer.parseInt(v) >= 1 && Integer.parseInt(v) <= 65535) line("syslog_port", v, "mars_syslog_port");
            else {
                error("mars_syslog_port", v, "is not a port; 514 is written");
                line("syslog_port", "514", "mars_syslog_port");
            }
        }, () -> y.append("  syslog_port: 514\n"));
        y.append("  time_zone: \"\"                   # the old plug-in used the machine's zone; empty does the same\n");
        y.append("  hostname: \"\"\n");

        y.append("\ndcs:\n");
        String port = text("http_listen_port").or(() -> text("DCS_Log_Listener")).filter(v -> !v.isEmpty()).orElse("1080");
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            error("http_listen_port", port, "is not a port; 1080 is written");
            port = "1080";
        }
        y.append("  listen: 0.0.0.0:").append(port)
                .append("             # DCS_Log_Listener/http_listen_port; a change re-registers by itself, no unregister dance\n");
        y.append("  callback_host: \"\"\n");
        line("use_hostname_in_dcs_req", yesNo("use_hostname_in_dcs_req", false), "use_hostname_in_dcs_req");
        servers();

        y.append("\ncleanup:\n");
        y.append("  mode: enforce                   # new: observe would rehearse (decide and log, send nothing)\n");
        exceptions();
        networks();
        text("min_damage_free_time").ifPresentOrElse(v -> {
            if (v.matches("\\d{1,7}")) line("min_damage_free_time", v + "m", "DCS_Cleanup_Params/min_damage_free_time, minutes");
            else {
                error("min_damage_free_time", v, "is not a number of minutes; the default 60m is written");
                y.append("  min_damage_free_time: 60m\n");
            }
        }, () -> y.append("  min_damage_free_time: 60m       # DCS_Cleanup_Params/min_damage_free_time, the guide's default\n"));
        y.append("  result_timeout: 30m             # new: a cleanup with no result by then is reported as unconfirmed\n");

        y.append("\nstate_dir: /var/lib/marsdcs\n");
        text("Run_As_Service").ifPresent(v -> y.append("# Run_As_Service=").append(v)
                .append(" has no equivalent: the appliance always runs as the systemd service marsdcs\n"));
    }

    private void servers() {
        List<El> list = all("DCS_Server");
        y.append("  servers:                        # DCS_Server_List: longest prefix wins\n");
        Map<String, Integer> seen = new HashMap<>();
        boolean hasDefault = false;
        for (int i = 0; i < list.size(); i++) {
            El e = list.get(i);
            String note = i >= MAX_SERVERS ? overCap(e, "DCS_Server", MAX_SERVERS) : "";
            Optional<Cidr> net = network(e);
            String server = e.attr("server_name");
            String port = e.attr("server_port").isEmpty() ? "80" : e.attr("server_port");
            String bad = null;
            if (server.isEmpty()) bad = report(e, "server_name is empty (the plug-in refused empty values since 1.0.3)");
            else if (!server.matches("[A-Za-z0-9.:-]+")) bad = report(e, "server_name '" + server + "' is neither an address nor a host name");
            else if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) bad = report(e, "server_port '" + port + "' is not a port");
            else if (net.isEmpty()) bad = "see the error above";
            else if (seen.containsKey(net.get().toString())) {
                bad = report(e, "network " + net.get() + " is listed twice (also at line " + seen.get(net.get().toString()) + ")");
            }
            String old = "ip_net " + e.attr("ip_net") + " ip_mask " + e.attr("ip_mask");
            if (bad != null) {
                y.append("    # NOTE: not imported (line ").append(e.line()).append(": ").append(bad).append("): ")
                        .append(old).append(" server_name ").append(server).append(" server_port ").append(port).append('\n');
                continue;
            }
            seen.put(net.get().toString(), e.line());
            hasDefault |= net.get().prefix() == 0;
            y.append("    - network: ").append(net.get()).append(pad(net.get().toString(), 20)).append("# ").append(old).append(note).append('\n');
            y.append("      server: ").append(yaml(server)).append('\n');
            y.append("      port: ").append(port).append('\n');
        }
        if (!hasDefault) {
            problems.add(new ConfigError(file, list.isEmpty() ? 0 : list.get(0).line(), "DCS_Server_List",
                    "no default DCS server (ip_net 0.0.0.0, ip_mask 0.0.0.0), which the guide makes mandatory: add one before starting", false));
            y.append("    # NOTE: add the mandatory default DCS server: - network: 0.0.0.0/0, server: ..., port: 80\n");
        }
    }

    private void exceptions() {
        List<El> list = all("Exception_IP");
        y.append("  exceptions:                     # Clean_Exception_List: never cleaned, highest priority\n");
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            El e = list.get(i);
            String v = e.value();
            String note = i >= MAX_EXCEPTIONS ? overCap(e, "Exception_IP", MAX_EXCEPTIONS) : "";
            String bad = null;
            if (v.isEmpty()) bad = report(e, "Exception_IP is empty");
            else if (IpLiteral.parse(v).isEmpty()) bad = report(e, "Exception_IP '" + v + "' is not an IP address");
            else if (seen.containsKey(IpLiteral.format(IpLiteral.parse(v).get()))) {
                bad = report(e, "Exception_IP " + v + " is listed twice (also at line " + seen.get(IpLiteral.format(IpLiteral.parse(v).get())) + ")");
            }
            if (bad != null) {
                y.append("    # NOTE: not imported (line ").append(e.line()).append(": ").append(bad).append("): ").append(v).append('\n');
                continue;
            }
            seen.put(IpLiteral.format(IpLiteral.parse(v).get()), e.line());
            y.append("    - ").append(IpLiteral.format(IpLiteral.parse(v).get())).append(note.isEmpty() ? "" : pad(v, 28) + "#" + note.substring(1)).append('\n');
        }
    }

    private void networks() {
        List<El> list = all("Network");
        y.append("  internal_networks:              # Internal_Network_List: only these hosts are cleaned\n");
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            El e = list.get(i);
            String note = i >= MAX_NETWORKS ? overCap(e, "Network", MAX_NETWORKS) : "";
            Optional<Cidr> net = network(e);
            String old = "ip_net " + e.attr("ip_net") + " ip_mask " + e.attr("ip_mask");
            String bad = net.isEmpty() ? "see the error above" : null;
            if (net.isPresent() && seen.containsKey(net.get().toString())) {
                bad = report(e, "network " + net.get() + " is listed twice (also at line " + seen.get(net.get().toString()) + ")");
            }
            if (bad != null) {
                y.append("    # NOTE: not imported (line ").append(e.line()).append(": ").append(bad).append("): ").append(old).append('\n');
                continue;
            }
            seen.put(net.get().toString(), e.line());
            y.append("    - ").append(net.get()).append(pad(net.get().toString(), 28)).append("# ").append(old).append(note).append('\n');
        }
    }

    /** ip_net + ip_mask to CIDR, reporting what the old plug-in let through. */
    private Optional<Cidr> network(El e) {
        String net = e.attr("ip_net");
        String mask = e.attr("ip_mask");
        if (net.isEmpty() || mask.isEmpty()) {
            report(e, (net.isEmpty() ? "ip_net" : "ip_mask") + " is empty (the plug-in refused empty values since 1.0.3)");
            return Optional.empty();
        }
        Optional<java.net.InetAddress> a = IpLiteral.parse(net);
        if (a.isEmpty()) {
            report(e, "ip_net '" + net + "' is not an IPv4 address");
            return Optional.empty();
        }
        Optional<Integer> prefix = Cidr.prefixOfMask(mask);
        if (prefix.isEmpty()) {
            report(e, "ip_mask '" + mask + "' is not a contiguous netmask such as 255.255.0.0");
            return Optional.empty();
        }
        Cidr c = Cidr.covering(a.get(), prefix.get());
        if (!c.network().equals(a.get())) {
            problems.add(new ConfigError(file, e.line(), e.name(), "ip_net " + net + " has host bits set for mask " + mask
                    + ": imported as " + c, true));
        }
        return Optional.of(c);
    }

    private String overCap(El e, String what, int cap) {
        problems.add(new ConfigError(file, e.line(), e.name(), "the old plug-in ignored every " + what + " after the " + cap
                + "th without a word; this one is imported: check it is wanted", true));
        return " (NOTE: ignored by the old plug-in, past its limit of " + cap + ")";
    }

    private String report(El e, String message) {
        problems.add(new ConfigError(file, e.line(), e.name(), message, false));
        return message;
    }

    private void error(String element, String value, String message) {
        int line = first(element).map(El::line).orElse(0);
        problems.add(new ConfigError(file, line, element, "'" + value + "' " + message, false));
    }

    private Optional<String> address(String element) {
        Optional<String> v = text(element);
        if (v.isPresent() && IpLiteral.parse(v.get()).isEmpty()) {
            error(element, v.get(), "is not an IP address; fix mars.syslog_server by hand");
        }
        return v;
    }

    private String yesNo(String element, boolean dflt) {
        Optional<String> v = text(element);
        if (v.isEmpty()) return String.valueOf(dflt);
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "1", "on" -> "true";
            case "no", "false", "0", "off" -> "false";
            default -> {
                error(element, v.get(), "is not yes or no; " + dflt + " is written");
                yield String.valueOf(dflt);
            }
        };
    }

    /** A setting's value; an element present but empty is one of the old file's mistakes (1.0.3 refused them). */
    private Optional<String> text(String element) {
        Optional<El> e = first(element);
        if (e.isEmpty()) return Optional.empty();
        String v = e.get().value();
        if (v.isEmpty() && !element.equals("DCS_Log_Listener")) {
            report(e.get(), element + " is empty (the plug-in refused empty values since 1.0.3); the default is written");
            return Optional.empty();
        }
        return Optional.of(v);
    }

    private Optional<El> first(String name) {
        return elements.stream().filter(e -> e.name().equalsIgnoreCase(name)).findFirst();
    }

    private List<El> all(String name) {
        return elements.stream().filter(e -> e.name().equalsIgnoreCase(name)).toList();
    }

    private void line(String key, String value, String comment) {
        String v = value.matches("true|false|\\d+") ? value : yaml(value);
        y.append("  ").append(key).append(": ").append(v).append(pad(key + ": " + v, 32)).append("# ").append(comment).append('\n');
    }

    private static String pad(String s, int width) {
        return " ".repeat(Math.max(1, width - s.length()));
    }

    /** A YAML scalar that reads back as exactly {@code v}: plain when safe, double-quoted otherwise. */
    static String yaml(String v) {
        if (v.matches("[A-Za-z0-9_./@][A-Za-z0-9_./@:-]*") && !YAML_WORDS.contains(v.toLowerCase(Locale.ROOT))) return v;
        StringBuilder sb = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\x%02x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }
}
