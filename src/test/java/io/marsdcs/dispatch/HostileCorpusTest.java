package io.marsdcs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marsdcs.testing.Notifications;
import io.marsdcs.testing.Samples;
import io.marsdcs.testing.SmtpSession;
import io.marsdcs.testing.TestRig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus (src/test/resources/hostile, plus what is too big to keep as a file) sent
 * to a running appliance over SMTP: each mail gets its outcome and reason, the appliance keeps
 * serving, and nothing it accepted is lost.
 */
class HostileCorpusTest {
    @TempDir
    Path dir;

    /** The file, and the states its mail may end in. */
    static final Map<String, Set<String>> CORPUS = new LinkedHashMap<>();

    static {
        CORPUS.put("malformed-mime.eml", Set.of("malformed", "not_mars"));
        CORPUS.put("truncated-base64.eml", Set.of("malformed", "dispatched"));
        CORPUS.put("doctype.eml", Set.of("malformed"));
        CORPUS.put("xxe.eml", Set.of("malformed"));
        CORPUS.put("billion-laughs.eml", Set.of("malformed"));
        CORPUS.put("gzip-bomb.eml", Set.of("malformed"));
        CORPUS.put("zip-bomb.eml", Set.of("malformed"));
        CORPUS.put("non-utf8.eml", Set.of("dispatched"));   // the odd bytes cost one name, not the notification
        CORPUS.put("ipv6.eml", Set.of("dispatched"));
        CORPUS.put("control-chars.eml", Set.of("dispatched"));
    }

    @Test
    void every_hostile_mail_gets_its_outcome_and_the_appliance_keeps_serving() throws Exception {
        Path testLog = Path.of("target/test.log");
        long logFrom = Files.exists(testLog) ? Files.size(testLog) : 0;   // only what this test writes
        try (TestRig rig = new TestRig(dir, "")) {
            rig.startDcs();
            rig.start();
            List<String> accepted = new ArrayList<>();
            for (String file : CORPUS.keySet()) {
                String reply = rig.sendMail(Samples.bytes("hostile/" + file));
                assertThat(reply).as(file).startsWith("250");
                accepted.add(file);
            }
            // 10,000 events in one incident: one host among them is internal
            List<String> sources = new ArrayList<>(Collections.nCopies(9_999, "8.8.8.8"));
            sources.add("10.10.0.21");
            assertThat(rig.sendMail(Notifications.mail("10000", sources))).startsWith("250");
            // a 100 MB message: refused with 552, and the listener goes on
            try (SmtpSession s = new SmtpSession(rig.appliance().smtpPort())) {
                s.command("EHLO t");
                s.command("MAIL FROM:<a@b>");
                s.command("RCPT TO:<dcs@testzone.local>");
                byte[] huge = new byte[100 << 20];
                java.util.Arrays.fill(huge, (byte) 'a');
                for (int i = 998; i < huge.length; i += 1000) { huge[i] = '\r'; huge[i + 1] = '\n'; }
                assertThat(s.data(huge)).startsWith("552");
            }
            // and an ordinary notification after all that is still cleaned
            assertThat(rig.send("incident-13725311-gzip.eml")).startsWith("250");
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.dcsTargets().containsAll(List.of("10.10.0.37", "10.10.0.88", "10.10.0.21")));

            Map<String, Long> states = rig.appliance().store().read(tx -> tx.messageCounts());
            assertThat(states).doesNotContainKey("received");   // every accepted mail reached an outcome
            assertThat(states.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(CORPUS.size() + 2);
            for (int i = 0; i < accepted.size(); i++) {
                long id = i + 1;
                String[] st = rig.appliance().store().read(tx -> tx.messageState(id)).orElseThrow();
                assertThat(CORPUS.get(accepted.get(i))).as(accepted.get(i) + " ended " + st[0] + ": " + st[1]).contains(st[0]);
                if (!st[0].equals("dispatched")) assertThat(st[1]).as(accepted.get(i) + " says why").isNotBlank();
            }
            assertThat(rig.appliance().store().read(tx -> tx.messageState(3)).orElseThrow()[1]).contains("DOCTYPE");
            assertThat(rig.appliance().store().read(tx -> tx.messageState(6)).orElseThrow()[1]).contains("decompression bomb");
            assertThat(rig.dcsTargets()).filteredOn("10.10.0.21"::equals).hasSize(1);

            // the log has one line per hostile mail, and no line a hostile name could forge
            byte[] all = Files.readAllBytes(testLog);
            String log = new String(all, (int) logFrom, all.length - (int) logFrom, StandardCharsets.UTF_8);
            assertThat(log).contains("has a MARS attachment that cannot be read");
            assertThat(log).doesNotContain("\n2026-12-03 INFO Dispatcher - incident=1 host=10.0.0.1 verdict=clean")
                    .doesNotContain(" incident=1 host=10.0.0.1 ").contains("host=WKS??");
        }
    }
}
