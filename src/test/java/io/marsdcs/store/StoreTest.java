package io.marsdcs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
    @TempDir
    Path dir;

    static ReceivedMail mail(String text) {
        return new ReceivedMail("smtp", "127.0.0.1", "a@b", List.of("dcs@x"), "<" + text + "@x>", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void what_was_committed_survives_a_reopen() throws Exception {
        long id;
        try (Store s = Store.open(dir)) {
            id = s.write(tx -> tx.insertMessage(mail("one"), Instant.EPOCH)).join();
        }
        try (Store s = Store.open(dir)) {
            List<StoredMessage> waiting = s.read(tx -> tx.messagesToDispatch(10));
            assertThat(waiting).extracting(StoredMessage::id).containsExactly(id);
            assertThat(new String(waiting.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("one");
            assertThat(waiting.get(0).messageId()).isEqualTo("<one@x>");
        }
    }

    @Test
    void concurrent_writers_share_commits() throws Exception {
        AtomicInteger batchesSeen = new AtomicInteger();
        try (Store s = Store.open(dir)) {
            // Hold the writer briefly so the next operations queue up behind it.
            CompletableFuture<Object> blocker = s.write(tx -> {
                java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
                return null;
            });
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<CompletableFuture<Long>> all = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                all.add(CompletableFuture.supplyAsync(() -> s.write(tx -> tx.insertMessage(mail("m" + n), Instant.EPOCH)).join(), pool));
            }
            blocker.join();
            all.forEach(CompletableFuture::join);
            pool.shutdown();
            assertThat(s.read(tx -> tx.messageCounts()).get("received")).isEqualTo(200L);
            batchesSeen.set(s.commits());
        }
        assertThat(batchesSeen.get()).as("200 writes committed in far fewer transactions").isLessThan(100);
    }

    @Test
    void one_failing_operation_does_not_undo_its_batch_neighbours() throws Exception {
        try (Store s = Store.open(dir)) {
            CompletableFuture<Object> blocker = s.write(tx -> {
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
                return null;
            });
            CompletableFuture<Long> good1 = s.write(tx -> tx.insertMessage(mail("good1"), Instant.EPOCH));
            CompletableFuture<Long> bad = s.write(tx -> {
                tx.insertMessage(mail("half-done"), Instant.EPOCH);
                throw new SQLException("simulated failure after a partial write");
            });
            CompletableFuture<Long> good2 = s.write(tx -> tx.insertMessage(mail("good2"), Instant.EPOCH));
            blocker.join();
            good1.join();
            good2.join();
            assertThatThrownBy(bad::join).isInstanceOf(CompletionException.class).hasMessageContaining("simulated");
            List<String> bodies = s.read(tx -> tx.messagesToDispatch(10)).stream()
                    .map(m -> new String(m.body(), StandardCharsets.UTF_8)).toList();
            assertThat(bodies).containsExactly("good1", "good2");
        }
    }

    @Test
    void a_closed_store_refuses_writes_with_a_clear_error() throws Exception {
        Store s = Store.open(dir);
        s.close();
        assertThatThrownBy(() -> s.write(tx -> tx.insertMessage(mail("late"), Instant.EPOCH)).join())
                .hasCauseInstanceOf(StoreException.class).hasMessageContaining("closed");
    }

    @Test
    void request_ids_are_incident_and_sequence_and_mark_the_host_in_flight() throws Exception {
        try (Store s = Store.open(dir)) {
            long m = s.write(tx -> tx.insertMessage(mail("x"), Instant.EPOCH)).join();
            String r1 = s.write(tx -> tx.insertRequest(new NewRequest(m, "13725095", "rule", "t", "10.10.0.21", "10.10.0.21", "dcs:80"), Instant.EPOCH)).join();
            String r2 = s.write(tx -> tx.insertRequest(new NewRequest(m, "13725095", "rule", "t", "10.10.0.22", "10.10.0.22", "dcs:80"), Instant.EPOCH)).join();
            assertThat(r1).isEqualTo("13725095-1");
            assertThat(r2).isEqualTo("13725095-2");
            assertThat(s.read(tx -> tx.hostHistory("10.10.0.21")).inFlightRequestId()).contains("13725095-1");
            s.write(tx -> tx.finishRequest(r1, "done", 0, "", Instant.EPOCH)).join();
            assertThat(s.read(tx -> tx.hostHistory("10.10.0.21")).inFlightRequestId()).isEmpty();
        }
    }

    @Test
    void a_repeated_result_is_recorded_once() throws Exception {
        try (Store s = Store.open(dir)) {
            assertThat(s.write(tx -> tx.insertResultIfNew("1-1", "127.0.0.1", 0, "10.1.1.1", "", "", Instant.EPOCH)).join()).isTrue();
            assertThat(s.write(tx -> tx.insertResultIfNew("1-1", "127.0.0.1", 0, "10.1.1.1", "", "", Instant.EPOCH)).join()).isFalse();
        }
    }
}
