package io.marsdcs.mars;

import static org.assertj.core.api.Assertions.assertThat;

import io.marsdcs.testing.Samples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** What a hostile or broken mail does to the parser: a clear outcome, never an exception or a blown heap. */
class HostileInputTest {
    static final String XML = new String(Samples.sample("CS-MARS-Incident-13725095.xml"), StandardCharsets.UTF_8);
    final MarsMailParser parser = new MarsMailParser();

    static byte[] mail(String filename, String contentType, byte[] attachment) {
        String b64 = Base64.getMimeEncoder().encodeToString(attachment);
        return ("From: mars@example.com\r\nTo: dcs@example.com\r\nSubject: test\r\nMessage-ID: <t@x>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
                + "--B\r\nContent-Type: " + contentType + "\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"" + filename + "\"\r\n\r\n" + b64 + "\r\n--B--\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(b);
        }
        return out.toByteArray();
    }

    static byte[] zip(String entry, byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("readme.txt"));
            z.write("not this one".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry(entry));
            z.write(b);
        }
        return out.toByteArray();
    }

    ParseOutcome parseAttachment(String name, byte[] bytes) {
        return parser.parse(mail(name, "application/octet-stream", bytes));
    }

    @Test
    void zip_attachment_uses_its_first_xml_entry() throws IOException {
        ParseOutcome o = parseAttachment("incident.zip", zip("CS-MARS-Incident-13725095.xml", XML.getBytes(StandardCharsets.UTF_8)));
        assertThat(o).isInstanceOf(ParseOutcome.Parsed.class);
    }

    @Test
    void gzip_is_detected_by_magic_bytes_not_by_name() throws IOException {
        ParseOutcome o = parseAttachment("renamed-by-relay.bin", gzip(XML.getBytes(StandardCharsets.UTF_8)));
        assertThat(o).isInstanceOf(ParseOutcome.Parsed.class);
        assertThat(((ParseOutcome.Parsed) o).notification().incidents().get(0).id()).isEqualTo("13725095");
    }

    @Test
    void doctype_is_refused() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ELEMENT x ANY>]>" + XML.substring(XML.indexOf("<CSMARS"));
        assertThat(parseAttachment("a.xml", xml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ParseOutcome.Malformed.class, m -> assertThat(m.reason()).contains("DOCTYPE"));
    }

    @Test
    void external_entity_cannot_read_files() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<CSMARS-NOTIFICATION><Data><Incident id=\"1\"><Event><Source><IPAddress>&xxe;</IPAddress></Source></Event></Incident></Data></CSMARS-NOTIFICATION>";
        ParseOutcome o = parseAttachment("a.xml", xml.getBytes(StandardCharsets.UTF_8));
        assertThat(o).isInstanceOf(ParseOutcome.Malformed.class);
        assertThat(o.toString()).doesNotContain("root:");
    }

    @Test
    void billion_laughs_is_refused_before_expansion() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i < 10; i++) {
            sb.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) sb.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
            sb.append("\">");
        }
        sb.append("]><CSMARS-NOTIFICATION><Data>&lol9;</Data></CSMARS-NOTIFICATION>");
        assertThat(parseAttachment("a.xml", sb.toString().getBytes(StandardCharsets.UTF_8))).isInstanceOf(ParseOutcome.Malformed.class);
    }

    @Test
    void gzip_bomb_is_stopped_by_the_ratio_limit() throws IOException {
        byte[] bomb = gzip(new byte[50 * 1024 * 1024]); // 50 MB of zeros, about 50 KB compressed
        assertThat(parseAttachment("CS-MARS-Incident-1.xml.gz", bomb))
                .isInstanceOfSatisfying(ParseOutcome.Malformed.class, m -> assertThat(m.reason()).contains("decompression bomb"));
    }

    @Test
    void zip_bomb_is_stopped_too() throws IOException {
        byte[] bomb = zip("CS-MARS-Incident-1.xml", new byte[50 * 1024 * 1024]);
        assertThat(parseAttachment("x.zip", bomb)).isInstanceOf(ParseOutcome.Malformed.class);
    }

    @Test
    void nesting_beyond_the_depth_limit_is_refused() {
        String deep = "<CSMARS-NOTIFICATION>" + "<a>".repeat(100) + "</a>".repeat(100) + "</CSMARS-NOTIFICATION>";
        assertThat(parseAttachment("a.xml", deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ParseOutcome.Malformed.class, m -> assertThat(m.reason()).contains("deeper"));
    }

    @Test
    void a_document_cut_short_keeps_the_events_read_before_the_break() {
        String cut = XML.substring(0, XML.indexOf("<DeviceObj"));
        ParseOutcome o = parseAttachment("CS-MARS-Incident-13725095.xml", cut.getBytes(StandardCharsets.UTF_8));
        assertThat(o).isInstanceOfSatisfying(ParseOutcome.Parsed.class, p -> {
            assertThat(p.notification().incidents()).hasSize(1);
            assertThat(p.notification().incidents().get(0).attacks()).hasSize(1);
            assertThat(p.notification().warnings()).anyMatch(w -> w.contains("cut short"));
        });
    }

    @Test
    void the_incident_id_falls_back_to_the_attachment_name() {
        String noId = XML.replace("<Incident id=\"13725095\"", "<Incident");
        ParseOutcome o = parseAttachment("CS-MARS-Incident-42.xml", noId.getBytes(StandardCharsets.UTF_8));
        assertThat(((ParseOutcome.Parsed) o).notification().incidents().get(0).id()).isEqualTo("42");
    }

    @Test
    void other_xml_is_not_a_mars_notification() {
        assertThat(parseAttachment("invoice.xml", "<Invoice><Total>3</Total></Invoice>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ParseOutcome.NotMars.class, n -> assertThat(n.reason()).contains("Invoice"));
    }

    @Test
    void a_mail_without_attachments_is_not_a_mars_notification() {
        byte[] plain = "From: a@b\r\nSubject: hi\r\n\r\njust text\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(parser.parse(plain)).isInstanceOf(ParseOutcome.NotMars.class);
    }

    @Test
    void broken_gzip_is_malformed_with_its_reason() {
        byte[] broken = {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3};
        assertThat(parseAttachment("CS-MARS-Incident-1.xml.gz", broken))
                .isInstanceOfSatisfying(ParseOutcome.Malformed.class, m -> assertThat(m.reason()).contains("decompress"));
    }

    @Test
    void truncated_base64_and_mime_garbage_do_not_throw() {
        byte[] good = Samples.sample("incident-13725095.eml");
        for (int cut = 0; cut < good.length; cut += 97) {
            byte[] part = java.util.Arrays.copyOf(good, cut);
            assertThat(parser.parse(part)).isNotNull();
        }
    }

    @Test
    void non_utf8_bytes_cost_one_name_not_the_notification() {
        byte[] latin1 = XML.replace("WKS-021", "WKS-\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        ParseOutcome o = parseAttachment("CS-MARS-Incident-13725095.xml", latin1);
        assertThat(o).isInstanceOfSatisfying(ParseOutcome.Parsed.class, p -> {
            Attacker a = p.notification().incidents().get(0).attacks().get(0).attacker();
            assertThat(a.address().orElseThrow().getHostAddress()).isEqualTo("10.10.0.21");
            assertThat(a.name()).isEqualTo("WKS-\uFFFD");
        });
    }

    @Test
    void names_cannot_carry_line_breaks_quotes_or_fields() {
        String hostile = XML.replace("<IPAddress>10.10.0.21</IPAddress>", "<IPAddress>evil\n2026 INFO x=\"1\"&#x85;</IPAddress>");
        Attacker a = ((ParseOutcome.Parsed) parseAttachment("a.xml", hostile.getBytes(StandardCharsets.UTF_8)))
                .notification().incidents().get(0).attacks().get(0).attacker();
        assertThat(a.name()).isEqualTo("evil?2026?INFO?x??1??");
    }
}
