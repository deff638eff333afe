package io.marsdcs.app;

import io.marsdcs.config.AppConfig;
import io.marsdcs.net.IpLiteral;
import io.marsdcs.policy.HostHistory;
import io.marsdcs.store.Registration;
import io.marsdcs.store.Store;
import io.marsdcs.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/** The appliance's state as `explain` and `replay` see it: read-only, and absent before the first run. */
final class LiveState implements AutoCloseable {
    private final Optional<Store> store;
    private final String where;

    private LiveState(Optional<Store> store, String where) {
        this.store = store;
        this.where = where;
    }

    static LiveState open(AppConfig config, PrintWriter err) {
        String file = config.stateDir().resolve("marsdcs.db").toString();
        try {
            Optional<Store> s = Store.openReadOnly(config.stateDir());
            return new LiveState(s, s.isPresent() ? "state: " + file : "no state yet at " + file + ": host history not considered");
        } catch (IOException e) {
            err.println("marsdcs: " + e.getMessage() + "; host history not considered");
            return new LiveState(Optional.empty(), "state unreadable: host history not considered");
        }
    }

    String describe() {
        return where;
    }

    HostHistory history(InetAddress ip) {
        try {
            return store.map(s -> s.read(tx -> tx.hostHistory(IpLiteral.format(ip)))).orElse(HostHistory.NONE);
        } catch (StoreException e) {
            return HostHistory.NONE;
        }
    }

    long lastRequestSequence() {
        return store.map(s -> s.read(tx -> tx.lastRequestSequence())).orElse(0L);
    }

    Map<String, Registration> registrations() {
        return store.map(s -> s.read(tx -> tx.registrations())).orElse(Map.of());
    }

    @Override
    public void close() {
        store.ifPresent(Store::close);
    }
}
