package io.marsdcs.dcs;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A small XML element tree for the DCS protocol's short messages. Read with the same hardening as
 * the MARS parser: no DTD, no entities, bounded depth and size.
 */
record XmlElement(String name, Map<String, String> attributes, String text, List<XmlElement> children) {
    private static final int MAX_DEPTH = 16;
    private static final int MAX_ELEMENTS = 10_000;

    String attr(String key) {
        return attributes.getOrDefault(key, "");
    }

    Optional<XmlElement> child(String name) {
        return children.stream().filter(c -> c.name.equals(name)).findFirst();
    }

    static XmlElement parse(byte[] body) throws ProtocolException {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        Deque<Building> open = new ArrayDeque<>();
        XmlElement root = null;
        int count = 0;
        try {
            XMLStreamReader r = f.createXMLStreamReader(new ByteArrayInputStream(body));
            while (r.hasNext()) {
                switch (r.next()) {
                    case XMLStreamConstants.DTD -> throw new ProtocolException("DOCTYPE not allowed");
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw new ProtocolException("entity references not allowed");
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (open.size() >= MAX_DEPTH || ++count > MAX_ELEMENTS) throw new ProtocolException("XML too deep or too large");
                        Map<String, String> attrs = new LinkedHashMap<>();
                        for (int i = 0; i < r.getAttributeCount(); i++) attrs.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                        open.push(new Building(r.getLocalName(), attrs));
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (!open.isEmpty() && open.peek().text.length() < 4096) open.peek().text.append(r.getText());
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        Building b = open.pop();
                        XmlElement done = new XmlElement(b.name, b.attrs, b.text.toString().trim(), b.children);
                        if (open.isEmpty()) root = done; else open.peek().children.add(done);
                    }
                    default -> { }
                }
            }
        } catch (XMLStreamException | RuntimeException e) {   // the JDK parser has undeclared failures on hostile input
            throw new ProtocolException("not well-formed XML: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
        }
        if (root == null) throw new ProtocolException("empty body");
        return root;
    }

    private static final class Building {
        final String name;
        final Map<String, String> attrs;
        final StringBuilder text = new StringBuilder();
        final List<XmlElement> children = new ArrayList<>();

        Building(String name, Map<String, String> attrs) {
            this.name = name;
            this.attrs = attrs;
        }
    }
}
