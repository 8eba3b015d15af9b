package dev.vigil.alerting;


import dev.vigil.metrics.Matcher;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A silence, as Alertmanager keeps them: alerts whose labels match every matcher are not notified from
 * {@code startsAt} until {@code endsAt} (excluded). Who made it and why are part of it, for the record.
 */
public record Silence(String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                      String comment) {

    public enum State { PENDING, ACTIVE, EXPIRED }

    public Silence {
        Objects.requireNonNull(id, "id");
        matchers = List.copyOf(matchers);
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(comment, "comment");
    }

    /**
     * Why a new silence cannot be made, each problem named; empty when it can. As Alertmanager: it needs matchers, at
     * least one of which does not match the empty string (else it would silence nearly everything), an end after its
     * start and not already past, an author and a comment.
     */
    public List<String> problems(Instant now) {
        List<String> out = new ArrayList<>();
        if (matchers.isEmpty()) {
            out.add("matchers: a silence needs at least one matcher");
        } else if (matchers.stream().allMatch(m -> m.matches(Map.of()))) {
            out.add("matchers: at least one matcher must not match the empty string (these would silence every alert"
                    + " without those labels)");
        }
        if (!endsAt.isAfter(startsAt)) {
            out.add("endsAt: the end (" + endsAt + ") must be after the start (" + startsAt + ")");
        } else if (!endsAt.isAfter(now)) {
            out.add("endsAt: the end (" + endsAt + ") is already past");
        }
        if (createdBy.isBlank()) {
            out.add("createdBy: a silence needs an author");
        }
        if (comment.isBlank()) {
            out.add("comment: a silence needs a comment saying why");
        }
        return out;
    }

    public State state(Instant now) {
        if (now.isBefore(startsAt)) {
            return State.PENDING;
        }
        return now.isBefore(endsAt) ? State.ACTIVE : State.EXPIRED;
    }

    /** Whether it silences an alert with {@code labels} at {@code now}. */
    public boolean mutes(Map<String, String> labels, Instant now) {
        return state(now) == State.ACTIVE && Matchers.matchAll(matchers, labels);
    }

    /** The same silence ended at {@code now} (one not yet started ends where it starts, never having been active). */
    public Silence expire(Instant now) {
        Instant end = now.isBefore(startsAt) ? startsAt : now.isBefore(endsAt) ? now : endsAt;
        return new Silence(id, matchers, startsAt, end, createdBy, comment);
    }
}
