package io.marsdcs.mars;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the MARS XML layout (WIRE.md section 1) leniently: elements by local name, unknown ones
 * skipped, a document cut short keeps the incidents read before the break. Hostile-input safe:
 * a DOCTYPE is refused outright (no DTD, so no entity expansion and no external entities), depth
 * and event count are bounded.
 */
public final class MarsXml {
    private static final Pattern NAME_ID = Pattern.compile("CS-MARS-Incident-(\\d+)", Pattern.CASE_INSENSITIVE);
    private static final int MAX_TEXT = 64 * 1024;

    private final Limits limits;
    private final XMLInputFactory factory;

    public MarsXml(Limits limits) {
        this.limits = limits;
        this.factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    /** Parses decoded XML bytes; {@code attachmentName} supplies the incident id when the XML lacks one. */
    public ParseOutcome parse(byte[] xml, String attachmentName) {
        List<Incident> incidents = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Cursor c;
        try {
            // MARS writes UTF-8. A stray byte that is not (a Latin-1 host name) becomes U+FFFD in that
            // one value, instead of costing the whole notification.
            c = new Cursor(factory.createXMLStreamReader(new StringReader(lenientUtf8(xml))));
        } catch (XMLStreamException e) {
            return new ParseOutcome.Malformed("XML cannot be read: " + e.getMessage());
        }
        try {
            try {
                if (!c.toFirstElement()) return new ParseOutcome.NotMars("attachment is not XML");
            } catch (XMLStreamException | RuntimeException notXml) {
                // Garbage before any element: some other file type, not a damaged MARS document.
                return new ParseOutcome.NotMars("attachment is not XML");
            }
            String root = c.r.getLocalName();
            if (!"CSMARS-NOTIFICATION".equals(root)) {
                return new ParseOutcome.NotMars("XML root element is <" + root + ">, not <CSMARS-NOTIFICATION>");
            }
            readIncidents(c, attachmentName, incidents, warnings);
        } catch (XMLStreamException | MalformedInputException | RuntimeException e) {
            // RuntimeException: the JDK's parser has undeclared failures on hostile input (found by FuzzTest).
            String reason = e instanceof XMLStreamException x ? describe(x)
                    : e instanceof MalformedInputException ? e.getMessage() : "XML parser failed: " + e;
            if (incidents.isEmpty() && c.partial == null) return new ParseOutcome.Malformed(reason);
            warnings.add("document cut short, kept what came before: " + reason);
            if (c.partial != null && !c.partial.attacks().isEmpty()) incidents.add(c.partial);
        } finally {
            try {
                c.r.close();
            } catch (XMLStreamException ignored) {
                // closing a reader over a byte array cannot lose anything
            }
        }
        if (incidents.isEmpty()) return new ParseOutcome.Malformed("no <Incident> element in the notification");
        return new ParseOutcome.Parsed(new Notification(attachmentName, incidents, warnings));
    }

    private void readIncidents(Cursor c, String attachmentName, List<Incident> out, List<String> warnings)
            throws XMLStreamException, MalformedInputException {
        while (c.nextStartAnywhere("Incident")) {
            String id = attr(c.r, "id");
            if (id.isEmpty()) {
                Matcher m = NAME_ID.matcher(attachmentName == null ? "" : attachmentName);
                if (m.find()) {
                    id = m.group(1);
                } else {
                    id = "unknown";
                    warnings.add("an incident has no id and the attachment name gives none");
                }
            }
            String severity = attr(c.r, "severity");
            List<Attack> attacks = new ArrayList<>();
            String[] rule = {""};
            c.partial = new Incident(id, severity, "", attacks);
            int incidentDepth = c.depth;
            while (c.nextStartWithin(incidentDepth)) {
                switch (c.r.getLocalName()) {
                    case "Rule" -> rule[0] = readRuleName(c);
                    case "Event" -> {
                        if (c.events++ >= limits.maxEvents()) {
                            throw new MalformedInputException("more than " + limits.maxEvents() + " events");
                        }
                        attacks.add(readEvent(c));
                        c.partial = new Incident(id, severity, rule[0], attacks);
                    }
                    default -> c.skipElement();
                }
            }
            c.partial = null;
            out.add(new Incident(id, severity, rule[0], attacks));
        }
    }

    private String readRuleName(Cursor c) throws XMLStreamException, MalformedInputException {
        String name = "";
        int d = c.depth;
        while (c.nextStartWithin(d)) {
            if ("Name".equals(c.r.getLocalName())) name = c.text(); else c.skipElement();
        }
        return name;
    }

    private Attack readEvent(Cursor c) throws XMLStreamException, MalformedInputException {
        String id = attr(c.r, "id");
        String type = "";
        String time = "";
        Attacker source = new Attacker(java.util.Optional.empty(), "");
        int d = c.depth;
        while (c.nextStartWithin(d)) {
            switch (c.r.getLocalName()) {
                case "EventType" -> {
                    int t = c.depth;
                    while (c.nextStartWithin(t)) {
                        if ("Name".equals(c.r.getLocalName())) type = c.text(); else c.skipElement();
                    }
                }
                case "Time" -> time = c.text();
                case "Source" -> source = readEndpoint(c);
                default -> c.skipElement();
            }
        }
        return new Attack(id, type, time, source);
    }

    private Attacker readEndpoint(Cursor c) throws XMLStreamException, MalformedInputException {
        String ip = "", dns = "", netbios = "";
        int d = c.depth;
        while (c.nextStartWithin(d)) {
            switch (c.r.getLocalName()) {
                case "IPAddress" -> ip = c.text();
                case "DNSName" -> dns = c.text();
                case "NetBiosName" -> netbios = c.text();
                default -> c.skipElement();
            }
        }
        return Attacker.of(ip, dns, netbios);
    }

    private static String lenientUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder does not throw", e);
        }
    }

    private static String attr(XMLStreamReader r, String name) {
        String v = r.getAttributeValue(null, name);
        return v == null ? "" : v.trim();
    }

    private static String describe(XMLStreamException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        return "XML error: " + msg.replaceAll("\\s+", " ").trim();
    }

    /** The reader plus the bookkeeping every step needs: depth bound, DTD refusal, event count. */
    private final class Cursor {
        final XMLStreamReader r;
        int depth;
        int events;
        Incident partial;

        Cursor(XMLStreamReader r) {
            this.r = r;
        }

        private int next() throws XMLStreamException, MalformedInputException {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.DTD -> throw new MalformedInputException("XML has a DOCTYPE: refused (no DTDs, no entities)");
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new MalformedInputException("XML references entity &" + r.getLocalName() + "; (no entities allowed)");
                case XMLStreamConstants.START_ELEMENT -> {
                    if (++depth > limits.maxXmlDepth()) {
                        throw new MalformedInputException("XML nested deeper than " + limits.maxXmlDepth() + " elements");
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> depth--;
                default -> { }
            }
            return ev;
        }

        /** Advances to the next start element named {@code name} at any depth; false at the document's end. */
        boolean nextStartAnywhere(String name) throws XMLStreamException, MalformedInputException {
            while (r.hasNext()) {
                if (next() == XMLStreamConstants.START_ELEMENT && name.equals(r.getLocalName())) return true;
            }
            return false;
        }

        boolean toFirstElement() throws XMLStreamException, MalformedInputException {
            while (r.hasNext()) {
                if (next() == XMLStreamConstants.START_ELEMENT) return true;
            }
            return false;
        }

        /** Advances to the next child start element of the element open at {@code parentDepth}; false at its end. */
        boolean nextStartWithin(int parentDepth) throws XMLStreamException, MalformedInputException {
            while (r.hasNext()) {
                int ev = next();
                if (ev == XMLStreamConstants.START_ELEMENT && depth == parentDepth + 1) return true;
                if (ev == XMLStreamConstants.END_ELEMENT && depth < parentDepth) return false;
                if (ev == XMLStreamConstants.START_ELEMENT) skipElement();
            }
            return false;
        }

        void skipElement() throws XMLStreamException, MalformedInputException {
            int d = depth;
            while (depth >= d && r.hasNext()) next();
        }

        /** Text of the current element (children's text included), bounded, trimmed. */
        String text() throws XMLStreamException, MalformedInputException {
            StringBuilder sb = new StringBuilder();
            int d = depth;
            while (r.hasNext()) {
                int ev = next();
                if (ev == XMLStreamConstants.END_ELEMENT && depth < d) break;
                if ((ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA || ev == XMLStreamConstants.SPACE)
                        && sb.length() < MAX_TEXT) {
                    sb.append(r.getText(), 0, Math.min(r.getTextLength(), MAX_TEXT - sb.length()));
                }
            }
            return sb.toString().trim();
        }
    }
}
