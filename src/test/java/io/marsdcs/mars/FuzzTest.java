package io.marsdcs.mars;

import static org.assertj.core.api.Assertions.assertThat;

import io.marsdcs.config.ConfigException;
import io.marsdcs.config.ConfigLoader;
import io.marsdcs.testing.Samples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A seeded random mutator over the sample and hostile corpus (Jazzer needs native agents this
 * project does not ship). Every input must end in a declared outcome: a parse outcome, or a
 * configuration that loads or is refused with its errors. Never an exception, never a hang.
 * Bounded iterations, fixed seeds: a failure names its seed and iteration and replays exactly.
 */
public class FuzzTest {
    static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 4000);
    static final String[] FRAGMENTS = {
            "<!DOCTYPE x [<!ENTITY e \"e\">]>", "&e;", "<Incident id=\"", "</Incident>", "<Event>", "<Source><IPAddress>",
            "\r\n--B\r\n", "Content-Transfer-Encoding: base64\r\n", "\u0000", "\uFFFF", "]]>", "<![CDATA[", "&#x0;",
            "\r\n\r\n", "=?utf-8?B?", "boundary=\"\"", "%", "\"", "'", ":\n  - [", "*anchor", "&anchor", "!!binary", "{{{{"
    };

    public static byte[] mutate(byte[] in, Random r) {
        byte[] b = in.clone();
        int rounds = 1 + r.nextInt(6);
        for (int k = 0; k < rounds && b.length > 0; k++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));                                  // flip a bit
                case 1 -> b = Arrays.copyOf(b, at);                                              // cut short
                case 2 -> {                                                                      // drop a chunk
                    int len = Math.min(b.length - at, 1 + r.nextInt(200));
                    byte[] n = new byte[b.length - len];
                    System.arraycopy(b, 0, n, 0, at);
                    System.arraycopy(b, at + len, n, at, b.length - at - len);
                    b = n;
                }
                case 3 -> b = splice(b, at, FRAGMENTS[r.nextInt(FRAGMENTS.length)].getBytes(StandardCharsets.UTF_8));
                case 4 -> {                                                                      // repeat a chunk
                    int len = Math.min(b.length - at, 1 + r.nextInt(500));
                    b = splice(b, at, Arrays.copyOfRange(b, at, at + len));
                }
                default -> b[at] = (byte) r.nextInt(256);                                        // random byte
            }
        }
        return b;
    }

    static byte[] splice(byte[] b, int at, byte[] ins) {
        byte[] n = new byte[b.length + ins.length];
        System.arraycopy(b, 0, n, 0, at);
        System.arraycopy(ins, 0, n, at, ins.length);
        System.arraycopy(b, at, n, at + ins.length, b.length - at);
        return n;
    }

    @Test
    void the_mars_parser_always_ends_in_an_outcome() {
        List<byte[]> corpus = new ArrayList<>();
        for (String s : List.of("incident-13725095.eml", "incident-13725311-gzip.eml", "not-mars.eml", "CS-MARS-Incident-13725311.xml")) {
            corpus.add(Samples.sample(s));
        }
        for (String h : List.of("malformed-mime.eml", "truncated-base64.eml", "doctype.eml", "xxe.eml", "billion-laughs.eml",
                "non-utf8.eml", "ipv6.eml", "control-chars.eml")) {
            corpus.add(Samples.bytes("hostile/" + h));
        }
        MarsMailParser parser = new MarsMailParser();
        Random seeds = new Random(20261203L);
        int parsed = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            long seed = seeds.nextLong();
            Random r = new Random(seed);
            byte[] input = mutate(corpus.get(r.nextInt(corpus.size())), r);
            ParseOutcome o;
            try {
                o = r.nextBoolean() ? parser.parse(input) : parser.parseAttachment(input, "fuzz.xml");
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("iteration " + i + " (seed " + seed + ") threw " + e, e);
            }
            assertThat(o).as("iteration %d seed %d", i, seed).isNotNull();
            if (o instanceof ParseOutcome.Parsed) parsed++;
        }
        assertThat(parsed).as("the mutator keeps some inputs valid, or it tests only the first byte").isGreaterThan(ITERATIONS / 50);
    }

    @Test
    void the_config_loader_always_loads_or_refuses_with_errors() throws Exception {
        List<byte[]> corpus = List.of(Files.readAllBytes(Path.of("config/marsdcs.yaml")), Files.readAllBytes(Path.of("config/demo.yaml")),
                Files.readAllBytes(Path.of("src/test/resources/golden/import-legacy.yaml")));
        Random seeds = new Random(31337L);
        int loaded = 0;
        for (int i = 0; i < ITERATIONS / 2; i++) {
            long seed = seeds.nextLong();
            Random r = new Random(seed);
            String yaml = new String(mutate(corpus.get(r.nextInt(corpus.size())), r), StandardCharsets.UTF_8);
            try {
                ConfigLoader.parse(Path.of("fuzz.yaml"), yaml);
                loaded++;
            } catch (ConfigException refused) {
                assertThat(refused.errors()).as("iteration %d seed %d", i, seed).isNotEmpty()
                        .allSatisfy(e -> assertThat(e.file()).isEqualTo("fuzz.yaml"));
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("iteration " + i + " (seed " + seed + ") threw " + e + " on:\n" + yaml, e);
            }
        }
        assertThat(loaded).as("some mutations stay valid").isGreaterThan(0);
    }
}
