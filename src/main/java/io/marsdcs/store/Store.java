package io.marsdcs.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durability boundary: one SQLite database in WAL mode with {@code synchronous=FULL}, so a
 * commit is on disk when it returns. Every change goes through {@link #write}: one writer thread
 * takes all operations waiting, runs each under its own savepoint, and commits them together
 * (group commit: concurrent SMTP sessions share one fsync). A future completes only after the
 * commit, so "acknowledge after the commit" is simply "acknowledge when the future completes".
 *
 * <p>Security exposure: none on the network; holds raw mails from MARS, so the directory is 0700.
 */
public final class Store implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Store.class);
    private static final int MAX_BATCH = 256;

    /** Work done inside the writer's transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Tx tx) throws SQLException;
    }

    private record Op<T>(Work<T> work, CompletableFuture<T> done) {}

    private final Path file;
    private final Connection writer;
    private final Connection reader;
    private final BlockingQueue<Op<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writerThread;   // null when read-only
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicInteger commits = new java.util.concurrent.atomic.AtomicInteger();

    private Store(Path file, Connection writer, Connection reader) {
        this.file = file;
        this.writer = writer;
        this.reader = reader;
        this.writerThread = writer == null ? null : new Thread(this::writeLoop, "store-writer");
        if (writerThread != null) writerThread.setDaemon(true);
    }

    /** Opens (creating if needed) the store in {@code stateDir}. */
    public static Store open(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        try {
            Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException | IOException e) {
            log.warn("cannot restrict permissions of {}: {}", stateDir, e.getMessage());
        }
        Path file = stateDir.resolve("marsdcs.db");
        try {
            Connection w = connect(file);
            Schema.apply(w);
            Connection r = connect(file);
            Store store = new Store(file, w, r);
            store.writerThread.start();
            return store;
        } catch (SQLException e) {
            throw new IOException("cannot open the store " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens an existing store for reading only, beside a running appliance if need be (WAL lets
     * readers in while it writes). Empty when there is no store there yet.
     */
    public static java.util.Optional<Store> openReadOnly(Path stateDir) throws IOException {
        Path file = stateDir.resolve("marsdcs.db");
        if (!Files.exists(file)) return java.util.Optional.empty();
        try {
            org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
            config.setReadOnly(true);
            config.setBusyTimeout(10_000);
            return java.util.Optional.of(new Store(file, null, DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties())));
        } catch (SQLException e) {
            throw new IOException("cannot read the store " + file + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("PRAGMA foreign_keys=ON");
        }
        return c;
    }

    public Path file() {
        return file;
    }

    /** How many transactions were committed since open: with group commit, fewer than the writes. */
    public int commits() {
        return commits.get();
    }

    /** Runs {@code work} in a transaction; the future completes after the commit is on disk. */
    public <T> CompletableFuture<T> write(Work<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (writer == null) {
            done.completeExceptionally(new StoreException("the store was opened read-only"));
            return done;
        }
        if (closed) {
            done.completeExceptionally(new StoreException("the store is closed"));
            return done;
        }
        queue.add(new Op<>(work, done));
        return done;
    }

    /** Runs a read on the reader connection (sees the last committed state). */
    public synchronized <T> T read(Work<T> work) {
        if (closed) throw new StoreException("the store is closed");
        try {
            return work.apply(new Tx(reader));
        } catch (SQLException e) {
            throw new StoreException("store read failed: " + e.getMessage(), e);
        }
    }

    private void writeLoop() {
        List<Op<?>> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Op<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commitBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
    }

    private void commitBatch(List<Op<?>> batch) {
        List<Runnable> completions = new ArrayList<>(batch.size());
        try {
            writer.setAutoCommit(false);
            Tx tx = new Tx(writer);
            for (Op<?> op : batch) completions.add(runOne(tx, op));
            writer.commit();
            commits.incrementAndGet();
        } catch (SQLException | RuntimeException e) {
            log.error("store commit failed, {} operation(s) not recorded: {}", batch.size(), e.getMessage());
            try {
                writer.rollback();
            } catch (SQLException ignored) {
                // the connection is unusable; each caller gets the commit failure below
            }
            StoreException failure = new StoreException("store commit failed: " + e.getMessage(), e);
            batch.forEach(op -> op.done().completeExceptionally(failure));
            return;
        }
        completions.forEach(Runnable::run);
    }

    /** Runs one operation under a savepoint, so its failure does not undo its neighbours in the batch. */
    private static <T> Runnable runOne(Tx tx, Op<T> op) throws SQLException {
        try (Statement s = tx.connection().createStatement()) {
            s.execute("SAVEPOINT op");
        }
        try {
            T value = op.work().apply(tx);
            try (Statement s = tx.connection().createStatement()) {
                s.execute("RELEASE op");
            }
            return () -> op.done().complete(value);
        } catch (SQLException | RuntimeException e) {
            try (Statement s = tx.connection().createStatement()) {
                s.execute("ROLLBACK TO op");
                s.execute("RELEASE op");
            }
            return () -> op.done().completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            if (writerThread != null) writerThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Op<?> left;
        while ((left = queue.poll()) != null) left.done().completeExceptionally(new StoreException("the store is closed"));
        synchronized (this) {
            closeQuietly(reader);
            if (writer != null) closeQuietly(writer);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            log.warn("closing the store: {}", e.getMessage());
        }
    }
}
