package io.marsdcs.dispatch;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Retry spacing: 5 s doubling to at most 5 minutes, with ±20 % jitter so servers are not hit in step. */
final class Delays {
    static final Duration FIRST = Duration.ofSeconds(5);
    static final Duration CAP = Duration.ofMinutes(5);

    private Delays() {}

    static Duration backoff(int failuresSoFar) {
        long base = FIRST.toMillis() << Math.min(failuresSoFar, 10);
        long capped = Math.min(base, CAP.toMillis());
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) (capped * jitter));
    }
}
