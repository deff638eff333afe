import io.marsdcs.store.ReceivedMail;
import io.marsdcs.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The store alone: N writer threads each committing 4 KB mails as fast as group commit allows.
 * Shows messages per commit and the cost of one commit (fsync included) on this disk.
 *   java -cp target/marsdcs.jar bench/StoreLoad.java [THREADS...]     (default 1 20)
 */
public class StoreLoad {
    public static void main(String[] args) throws Exception {
        List<Integer> counts = new ArrayList<>();
        for (String a : args.length == 0 ? new String[] {"1", "20"} : args) counts.add(Integer.parseInt(a));
        byte[] body = new byte[4300];
        Arrays.fill(body, (byte) 'x');
        Path dir = Files.createTempDirectory(Path.of("/var/tmp"), "marsdcs-storeload");
        try (Store s = Store.open(dir)) {
            for (int threads : counts) {
                int perThread = Math.max(100, 20_000 / threads);
                for (int round = 0; round < 2; round++) {   // the first round warms the JIT up
                    int c0 = s.commits();
                    ExecutorService pool = Executors.newFixedThreadPool(threads);
                    long t0 = System.nanoTime();
                    List<Future<?>> all = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        all.add(pool.submit(() -> {
                            for (int i = 0; i < perThread; i++) {
                                ReceivedMail m = new ReceivedMail("smtp", "127.0.0.1", "a@b", List.of("dcs@x"), "<x>", body);
                                s.write(tx -> tx.insertMessage(m, Instant.now())).join();
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : all) f.get();
                    double secs = (System.nanoTime() - t0) / 1e9;
                    pool.shutdown();
                    int commits = s.commits() - c0;
                    int n = threads * perThread;
                    if (round == 1) {
                        System.out.printf("%2d writers: %6.0f msg/s, %5.1f msgs per commit, %.2f ms per commit%n",
                                threads, n / secs, n / (double) commits, secs * 1000 / commits);
                    }
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
