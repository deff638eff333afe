package io.marsdcs.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BreakerTest {
    static final Instant T0 = Instant.parse("2026-12-03T03:00:00Z");

    static List<Instant> burst(int n, Instant at) {
        List<Instant> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(at.plusMillis(i));
        return out;
    }

    @Test
    void opens_past_the_limit_and_holds_every_server() {
        Breaker b = new Breaker();
        Map<String, Integer> limits = Map.of(Breaker.GLOBAL, 10);
        assertThat(b.update(Map.of("a:80", burst(10, T0)), limits, T0.plusSeconds(1))).isEmpty();
        assertThat(b.allows("a:80")).isTrue();
        List<Breaker.Transition> t = b.update(Map.of("a:80", burst(6, T0), "b:80", burst(5, T0)), limits, T0.plusSeconds(1));
        assertThat(t).containsExactly(new Breaker.Transition(Breaker.GLOBAL, true, 11, 10));
        assertThat(b.allows("a:80")).isFalse();
        assertThat(b.allows("b:80")).isFalse();
    }

    @Test
    void closes_by_itself_once_the_last_minute_halves_not_before() {
        Breaker b = new Breaker();
        Map<String, Integer> limits = Map.of(Breaker.GLOBAL, 10);
        b.update(Map.of("a:80", burst(20, T0)), limits, T0.plusSeconds(1));
        // 30 s later the same 20 are still inside the minute
        assertThat(b.update(Map.of("a:80", burst(20, T0)), limits, T0.plusSeconds(30))).isEmpty();
        assertThat(b.allows("a:80")).isFalse();
        // 61 s later they have left the window: 4 new ones are under half the limit
        List<Breaker.Transition> t = b.update(Map.of("a:80", burst(4, T0.plusSeconds(60))), limits, T0.plusSeconds(61));
        assertThat(t).extracting(Breaker.Transition::opened).containsExactly(false);
        assertThat(b.allows("a:80")).isTrue();
    }

    @Test
    void a_server_of_its_own_opens_alone() {
        Breaker b = new Breaker();
        Map<String, Integer> limits = Map.of(Breaker.GLOBAL, 100, "a:80", 5);
        assertThat(b.update(Map.of("a:80", burst(6, T0), "b:80", burst(6, T0)), limits, T0.plusSeconds(1)))
                .containsExactly(new Breaker.Transition("a:80", true, 6, 5));
        assertThat(b.allows("a:80")).isFalse();
        assertThat(b.allows("b:80")).isTrue();
    }

    @Test
    void an_operator_resume_closes_it_and_forgets_what_came_before() {
        Breaker b = new Breaker();
        Map<String, Integer> limits = Map.of(Breaker.GLOBAL, 10, "a:80", 5);
        b.update(Map.of("a:80", burst(30, T0)), limits, T0.plusSeconds(1));
        assertThat(b.allows("a:80")).isFalse();
        assertThat(b.resume(Optional.empty(), T0.plusSeconds(2))).extracting(Breaker.Transition::scope)
                .containsExactlyInAnyOrder(Breaker.GLOBAL, "a:80");
        // the same 30 are still in the minute, but came before the resume: no reopening
        assertThat(b.update(Map.of("a:80", burst(30, T0)), limits, T0.plusSeconds(3))).isEmpty();
        assertThat(b.allows("a:80")).isTrue();
        // a new storm after the resume opens it again
        assertThat(b.update(Map.of("a:80", burst(12, T0.plusSeconds(4))), limits, T0.plusSeconds(5))).isNotEmpty();
    }

    @Test
    void a_limit_of_zero_means_no_limit() {
        Breaker b = new Breaker();
        assertThat(b.update(Map.of("a:80", burst(1000, T0)), Map.of("a:80", 0), T0.plusSeconds(1))).isEmpty();
        assertThat(b.allows("a:80")).isTrue();
    }
}
