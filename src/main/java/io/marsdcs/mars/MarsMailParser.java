package io.marsdcs.mars;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * Raw RFC 5322 bytes to a {@link ParseOutcome}. Pure: no clock, no disk, no network. Every
 * attachment-like part is decoded (by magic bytes) and offered to {@link MarsXml}; the first that
 * is MARS XML wins. A mail with none is {@code NotMars}, never an error that stops intake.
 */
public final class MarsMailParser {
    private static final long MAX_PART_BYTES = 64L * 1024 * 1024;

    private final MarsXml xml;
    private final AttachmentDecoder decoder;

    public MarsMailParser(Limits limits) {
        this.xml = new MarsXml(limits);
        this.decoder = new AttachmentDecoder(limits);
    }

    public MarsMailParser() {
        this(Limits.DEFAULT);
    }

    public ParseOutcome parse(byte[] rawMail) {
        try {
            return parseMail(rawMail);
        } catch (RuntimeException e) {
            // a library's undeclared failure on hostile input must not escape as a poison message
            return new ParseOutcome.Malformed("the mail cannot be read: " + e);
        }
    }

    private ParseOutcome parseMail(byte[] rawMail) {
        List<Part> parts = new ArrayList<>();
        MimeConfig config = new MimeConfig.Builder()
                .setMaxLineLen(-1)            // base64 lines are short, but relays fold differently; length is bounded below
                .setMaxHeaderCount(1000)
                .setMaxHeaderLen(64 * 1024)
                .setMaxContentLen(MAX_PART_BYTES)
                .setMaxPartCount(200)
                .setMaxNestingDepth(10)
                .build();
        MimeStreamParser parser = new MimeStreamParser(config, DecodeMonitor.SILENT, new DefaultBodyDescriptorBuilder());
        parser.setContentDecoding(true);
        parser.setContentHandler(new AbstractContentHandler() {
            @Override
            public void body(BodyDescriptor bd, InputStream is) throws IOException {
                String filename = bd instanceof MaximalBodyDescriptor m ? m.getContentDispositionFilename() : null;
                parts.add(new Part(bd.getMimeType(), filename == null ? "" : filename, readBounded(is)));
            }
        });
        try {
            parser.parse(new ByteArrayInputStream(rawMail));
        } catch (MimeException | IOException e) {
            if (parts.isEmpty()) return new ParseOutcome.Malformed("MIME structure cannot be read: " + e.getMessage());
            // keep going with the parts read before the damage: a cut-off trailer must not cost a cleanup
        }
        return fromParts(parts);
    }

    /** A saved attachment (.xml, .xml.gz, .zip) as the operator has it on disk: for {@code replay}. */
    public ParseOutcome parseAttachment(byte[] bytes, String name) {
        try {
            return fromParts(List.of(new Part("application/octet-stream", name, bytes)));
        } catch (RuntimeException e) {
            return new ParseOutcome.Malformed(name + " cannot be read: " + e);
        }
    }

    private ParseOutcome fromParts(List<Part> parts) {
        ParseOutcome.Malformed damaged = null;   // a damaged MARS attachment outranks unrelated ones
        List<String> seen = new ArrayList<>();
        for (Part p : parts) {
            if (!p.mayBeMars()) continue;
            ParseOutcome outcome;
            try {
                outcome = xml.parse(decoder.decode(p.bytes), p.filename);
            } catch (MalformedInputException e) {
                outcome = new ParseOutcome.Malformed(e.getMessage());
            }
            if (outcome instanceof ParseOutcome.Parsed) return outcome;
            if (outcome instanceof ParseOutcome.Malformed m && damaged == null) {
                damaged = new ParseOutcome.Malformed(p.describe() + ": " + m.reason());
            }
            if (outcome instanceof ParseOutcome.NotMars n) seen.add(p.describe() + " (" + n.reason() + ")");
        }
        if (damaged != null) return damaged;
        if (seen.isEmpty()) return new ParseOutcome.NotMars("no attachment in the mail");
        return new ParseOutcome.NotMars("no MARS XML among " + String.join(", ", seen));
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] all = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, MAX_PART_BYTES + 1));
        if (all.length > MAX_PART_BYTES) throw new IOException("a MIME part is larger than " + MAX_PART_BYTES + " bytes");
        return all;
    }

    private record Part(String mimeType, String filename, byte[] bytes) {
        /** A named attachment, or an unnamed part whose type could carry XML (MARS relays vary). */
        boolean mayBeMars() {
            if (!filename.isEmpty()) return true;
            String t = mimeType == null ? "" : mimeType.toLowerCase(Locale.ROOT);
            return t.contains("xml") || t.contains("gzip") || t.contains("zip") || t.equals("application/octet-stream");
        }

        String describe() {
            return filename.isEmpty() ? "part of type " + mimeType : "attachment " + filename;
        }
    }
}
