package dev.vigil.alerting;


import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SilenceTest {

    private final Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private final Silence api = new Silence("s1", Matchers.parseAll("service=api"), now, now.plus(Duration.ofHours(1)),
            "ana", "migrating");

    @Test
    void mutesMatchingAlertsOnlyWhileActive() {
        Map<String, String> alert = Map.of("alertname", "Down", "service", "api");
        assertThat(api.mutes(alert, now)).isTrue();
        assertThat(api.mutes(Map.of("service", "web"), now)).isFalse();
        assertThat(api.mutes(alert, now.minusSeconds(1))).as("pending").isFalse();
        assertThat(api.mutes(alert, now.plus(Duration.ofHours(1)))).as("the end is excluded").isFalse();
        assertThat(api.state(now.minusSeconds(1))).isEqualTo(Silence.State.PENDING);
        assertThat(api.state(now.plus(Duration.ofHours(2)))).isEqualTo(Silence.State.EXPIRED);
    }

    @Test
    void expiringEndsItNowOrAtItsStartIfNotYetBegun() {
        Instant later = now.plus(Duration.ofMinutes(10));
        assertThat(api.expire(later).endsAt()).isEqualTo(later);
        assertThat(api.expire(later).state(later)).isEqualTo(Silence.State.EXPIRED);
        assertThat(api.expire(now.minusSeconds(60)).endsAt()).isEqualTo(now);
        assertThat(api.expire(now.plus(Duration.ofDays(1))).endsAt()).as("already over").isEqualTo(api.endsAt());
    }

    @Test
    void badSilencesAreRefusedWithEveryReason() {
        assertThat(api.problems(now)).isEmpty();
        Silence none = new Silence("x", List.of(), now, now.minusSeconds(1), " ", "");
        assertThat(none.problems(now)).containsExactly(
                "matchers: a silence needs at least one matcher",
                "endsAt: the end (2026-12-01T09:59:59Z) must be after the start (2026-12-01T10:00:00Z)",
                "createdBy: a silence needs an author",
                "comment: a silence needs a comment saying why");
        Silence everything = new Silence("x", Matchers.parseAll("team=~\".*\""), now.minus(Duration.ofHours(2)),
                now.minus(Duration.ofHours(1)), "ana", "why");
        assertThat(everything.problems(now)).containsExactly(
                "matchers: at least one matcher must not match the empty string (these would silence every alert without those labels)",
                "endsAt: the end (2026-12-01T09:00:00Z) is already past");
    }
}
