package io.marsdcs.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The blast-radius breaker. In a worm outbreak MARS can name hundreds of hosts a minute; past
 * {@code cleanup.max_requests_per_minute} new cleanups (or a server's own limit) the breaker opens
 * and holds new requests back, so one bad rule or one storm cannot flood the DCS servers. It closes
 * by itself once the last minute falls to half the limit, or when an operator says {@code resume}.
 * Pure: the times are parameters.
 */
final class Breaker {
    static final String GLOBAL = "*";
    static final Duration WINDOW = Duration.ofMinutes(1);

    /** A change of state, to log and to tell MARS. */
    record Transition(String scope, boolean opened, long lastMinute, int limit) {}

    private final Map<String, Instant> openSince = new HashMap<>();
    private final Map<String, Instant> countFrom = new HashMap<>();
    private Instant allFrom = Instant.MIN;

    /**
     * Re-evaluates every scope from the creation times of recent requests, per server.
     * {@code limits}: scope to its per-minute limit ({@link #GLOBAL} included); 0 means no limit.
     */
    List<Transition> update(Map<String, List<Instant>> createdByServer, Map<String, Integer> limits, Instant now) {
        List<Transition> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : limits.entrySet()) {
            String scope = e.getKey();
            int limit = e.getValue();
            if (limit <= 0) continue;
            Instant own = countFrom.getOrDefault(scope, Instant.MIN);
            Instant from = own.isAfter(allFrom) ? own : allFrom;
            Instant windowStart = now.minus(WINDOW).isAfter(from) ? now.minus(WINDOW) : from;
            long n = createdByServer.entrySet().stream()
                    .filter(x -> scope.equals(GLOBAL) || x.getKey().equals(scope))
                    .flatMap(x -> x.getValue().stream())
                    .filter(t -> t.isAfter(windowStart))
                    .count();
            boolean open = openSince.containsKey(scope);
            if (!open && n > limit) {
                openSince.put(scope, now);
                out.add(new Transition(scope, true, n, limit));
            } else if (open && n <= limit / 2) {
                openSince.remove(scope);
                out.add(new Transition(scope, false, n, limit));
            }
        }
        return out;
    }

    /** Whether a request to {@code server} may go now. */
    boolean allows(String server) {
        return !openSince.containsKey(GLOBAL) && !openSince.containsKey(server);
    }

    Optional<Instant> openSince(String scope) {
        return Optional.ofNullable(openSince.get(scope));
    }

    /** The operator's word: closed now, and what came before no longer counts. */
    List<Transition> resume(Optional<String> scope, Instant now) {
        List<Transition> out = new ArrayList<>();
        for (String s : new ArrayList<>(openSince.keySet())) {
            if (scope.isPresent() && !scope.get().equals(s)) continue;
            openSince.remove(s);
            out.add(new Transition(s, false, 0, 0));
        }
        if (scope.isPresent()) {
            countFrom.put(scope.get(), now);
        } else {
            allFrom = now;
            countFrom.clear();
        }
        return out;
    }
}
