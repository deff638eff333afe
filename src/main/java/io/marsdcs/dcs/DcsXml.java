package io.marsdcs.dcs;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The DCS exchange of WIRE.md section 2, written and read in this one place. */
public final class DcsXml {
    private DcsXml() {}

    static final String VERSION = "1.0";

    record RegisterReply(int result, String registrationId) {}

    record CleanupReply(String requestId, int result) {}

    record Callback(String host, int port, String path) {}

    record CleanupCall(String registrationId, CleanupOrder order) {}

    // ---- appliance -> DCS server

    static String registerRequest(String productVersion, Callback cb) {
        return "<RegisterRequest version=\"" + VERSION + "\">"
                + "<Product name=\"MARS-DCS\" version=\"" + esc(productVersion) + "\"/>"
                + "<Callback host=\"" + esc(cb.host()) + "\" port=\"" + cb.port() + "\" path=\"" + esc(cb.path()) + "\"/>"
                + "</RegisterRequest>";
    }

    static String unregisterRequest(String registrationId) {
        return "<UnregisterRequest version=\"" + VERSION + "\" registrationId=\"" + esc(registrationId) + "\"/>";
    }

    public static String cleanupRequest(String registrationId, CleanupOrder o) {
        return "<CleanupRequest version=\"" + VERSION + "\" registrationId=\"" + esc(registrationId)
                + "\" requestId=\"" + esc(o.requestId()) + "\">"
                + "<Target " + (o.byName() ? "host" : "ip") + "=\"" + esc(o.target()) + "\"/>"
                + "<Origin product=\"CS-MARS\" incidentId=\"" + esc(o.incidentId()) + "\" rule=\"" + esc(o.rule())
                + "\" eventTime=\"" + esc(o.eventTime()) + "\"/>"
                + "</CleanupRequest>";
    }

    static RegisterReply parseRegisterResponse(byte[] body) throws ProtocolException {
        XmlElement e = expect(body, "RegisterResponse");
        return new RegisterReply(intAttr(e, "result"), e.attr("registrationId"));
    }

    static int parseUnregisterResponse(byte[] body) throws ProtocolException {
        return intAttr(expect(body, "UnregisterResponse"), "result");
    }

    static CleanupReply parseCleanupResponse(byte[] body) throws ProtocolException {
        XmlElement e = expect(body, "CleanupResponse");
        return new CleanupReply(e.attr("requestId"), intAttr(e, "result"));
    }

    // ---- DCS server -> appliance

    static CleanupResult parseCleanupResult(byte[] body) throws ProtocolException {
        XmlElement e = expect(body, "CleanupResult");
        String requestId = required(e.attr("requestId"), "CleanupResult@requestId");
        XmlElement target = e.child("Target").orElseThrow(() -> new ProtocolException("CleanupResult has no <Target>"));
        XmlElement status = e.child("Status").orElseThrow(() -> new ProtocolException("CleanupResult has no <Status>"));
        DcsStatus st = status(intAttr(status, "code"));
        List<String> threats = new ArrayList<>();
        e.child("Threats").ifPresent(t -> t.children().forEach(c -> {
            if (c.name().equals("Threat") && !c.attr("name").isEmpty()) threats.add(c.attr("name"));
        }));
        return new CleanupResult(requestId, e.attr("registrationId"), target.attr("ip"), target.attr("host"), st,
                e.child("Time").map(XmlElement::text).orElse(""), threats);
    }

    /** The form-encoded variant: {@code requestId=..&ip=..&code=..&time=..}. */
    static CleanupResult parseCleanupResultForm(String body) throws ProtocolException {
        Map<String, String> f = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                f.put(k, v);
            } catch (IllegalArgumentException e) {   // a broken %-escape (found by ResultFuzzTest)
                throw new ProtocolException("malformed form encoding near '" + pair.substring(0, Math.min(pair.length(), 40)) + "': " + e.getMessage());
            }
        }
        String requestId = required(f.getOrDefault("requestId", ""), "requestId");
        String code = required(f.getOrDefault("code", ""), "code");
        int c;
        try {
            c = Integer.parseInt(code);
        } catch (NumberFormatException e) {
            throw new ProtocolException("code '" + code + "' is not a number");
        }
        String threat = f.getOrDefault("threat", "");
        return new CleanupResult(requestId, f.getOrDefault("registrationId", ""), f.getOrDefault("ip", ""),
                f.getOrDefault("host", ""), status(c), f.getOrDefault("time", ""), threat.isEmpty() ? List.of() : List.of(threat));
    }

    static String ack(String requestId, int result) {
        return "<CleanupResultAck version=\"" + VERSION + "\" requestId=\"" + esc(requestId) + "\" result=\"" + result + "\"/>";
    }

    // ---- the simulator's side

    static Callback parseRegisterRequest(byte[] body) throws ProtocolException {
        XmlElement cb = expect(body, "RegisterRequest").child("Callback")
                .orElseThrow(() -> new ProtocolException("RegisterRequest has no <Callback>"));
        return new Callback(required(cb.attr("host"), "Callback@host"), intAttr(cb, "port"), cb.attr("path").isEmpty() ? "/dcs-result" : cb.attr("path"));
    }

    static String parseUnregisterRequest(byte[] body) throws ProtocolException {
        return expect(body, "UnregisterRequest").attr("registrationId");
    }

    static CleanupCall parseCleanupRequest(byte[] body) throws ProtocolException {
        XmlElement e = expect(body, "CleanupRequest");
        XmlElement t = e.child("Target").orElseThrow(() -> new ProtocolException("CleanupRequest has no <Target>"));
        XmlElement o = e.child("Origin").orElse(new XmlElement("Origin", Map.of(), "", List.of()));
        boolean byName = t.attr("ip").isEmpty();
        String target = required(byName ? t.attr("host") : t.attr("ip"), "Target@ip or Target@host");
        return new CleanupCall(e.attr("registrationId"), new CleanupOrder(required(e.attr("requestId"), "CleanupRequest@requestId"),
                target, byName, o.attr("incidentId"), o.attr("rule"), o.attr("eventTime")));
    }

    static String registerResponse(int result, String registrationId) {
        return "<RegisterResponse version=\"" + VERSION + "\" result=\"" + result + "\" registrationId=\"" + esc(registrationId) + "\"/>";
    }

    static String unregisterResponse(int result) {
        return "<UnregisterResponse version=\"" + VERSION + "\" result=\"" + result + "\"/>";
    }

    static String cleanupResponse(String requestId, int result) {
        return "<CleanupResponse version=\"" + VERSION + "\" requestId=\"" + esc(requestId) + "\" result=\"" + result + "\"/>";
    }

    static String cleanupResult(String registrationId, CleanupResult r) {
        StringBuilder sb = new StringBuilder()
                .append("<CleanupResult version=\"").append(VERSION).append("\" registrationId=\"").append(esc(registrationId))
                .append("\" requestId=\"").append(esc(r.requestId())).append("\">")
                .append("<Target ip=\"").append(esc(r.ip())).append("\" host=\"").append(esc(r.host())).append("\"/>")
                .append("<Status code=\"").append(r.status().code()).append("\">").append(r.status().name()).append("</Status>")
                .append("<Time>").append(esc(r.time())).append("</Time><Threats>");
        for (String t : r.threats()) sb.append("<Threat name=\"").append(esc(t)).append("\" action=\"cleaned\"/>");
        return sb.append("</Threats></CleanupResult>").toString();
    }

    // ---- plumbing

    private static XmlElement expect(byte[] body, String root) throws ProtocolException {
        XmlElement e = XmlElement.parse(body);
        if (!e.name().equals(root)) throw new ProtocolException("expected <" + root + ">, got <" + e.name() + ">");
        return e;
    }

    private static int intAttr(XmlElement e, String name) throws ProtocolException {
        String v = e.attr(name);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException ex) {
            throw new ProtocolException("<" + e.name() + "> attribute " + name + "='" + v + "' is not a number");
        }
    }

    private static DcsStatus status(int code) throws ProtocolException {
        return DcsStatus.ofCode(code).orElseThrow(() -> new ProtocolException("unknown status code " + code));
    }

    private static String required(String v, String what) throws ProtocolException {
        if (v == null || v.isBlank()) throw new ProtocolException(what + " is missing");
        return v.trim();
    }

    static String esc(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t') sb.append(' '); else sb.append(c);
                }
            }
        }
        return sb.toString();
    }
}
