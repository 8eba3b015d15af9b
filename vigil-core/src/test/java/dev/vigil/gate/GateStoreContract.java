package dev.vigil.gate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link GateStore} must do. Each store's test extends this and says how to open one. */
public abstract class GateStoreContract {

    protected static final Instant T0 = Instant.parse("2026-12-20T10:00:00Z");

    @TempDir
    protected Path dir;

    private GateStore store;

    /** Opens the store whose data lives in {@code dir}, creating it when missing. */
    protected abstract GateStore openStore(Path dir);

    protected final GateStore store() {
        if (store == null) {
            store = openStore(dir);
        }
        return store;
    }

    /** Closes the store and opens the same data again, as after a restart of Vigil. */
    protected final GateStore reopen() throws Exception {
        close();
        return store();
    }

    @AfterEach
    void close() throws Exception {
        if (store instanceof AutoCloseable c) {
            c.close();
        }
        store = null;
    }

    public static AddedWindow holidays(String name) {
        return new AddedWindow(name, "freeze", LocalDateTime.parse("2026-12-24T12:00"),
                LocalDateTime.parse("2026-12-27T08:00"), ZoneId.of("Europe/Berlin"), List.of("api", "pay-*"),
                "holidays", "alice", T0);
    }

    @Test
    void addedWindowsAreListedInTheOrderAddedAndSurviveARestart() throws Exception {
        AddedWindow first = holidays("holidays");
        AddedWindow second = new AddedWindow("db-move", "maintenance", LocalDateTime.parse("2026-12-21T22:00"),
                LocalDateTime.parse("2026-12-22T02:00"), ZoneId.of("UTC"), List.of(), "", "bob", T0.plusSeconds(5));
        store().add(first);
        store().add(second);

        assertThat(store().windows()).containsExactly(first, second);
        assertThat(reopen().windows()).containsExactly(first, second);
    }

    @Test
    void aNameIsTakenWhileItsWindowIsInPlaceAndFreeOnceEnded() {
        store().add(holidays("holidays"));

        assertThatThrownBy(() -> store().add(holidays("holidays"))).isInstanceOf(WindowNameTakenException.class)
                .hasMessageContaining("'holidays'");

        assertThat(store().end("holidays", "carol", T0.plusSeconds(60))).contains(holidays("holidays"));
        assertThat(store().windows()).isEmpty();
        assertThat(store().end("holidays", "carol", T0.plusSeconds(61))).isEmpty();
        store().add(holidays("holidays"));
        assertThat(store().windows()).hasSize(1);
    }

    @Test
    void endingAnUnknownWindowFindsNothing() {
        assertThat(store().end("nope", "carol", T0)).isEmpty();
    }

    @Test
    void timedOverridesAreListedUntilTheyEnd() throws Exception {
        TimedOverride short1 = new TimedOverride("alice", "incident 1", T0, T0.plusSeconds(1800));
        TimedOverride long1 = new TimedOverride("bob", "incident 2", T0.plusSeconds(60), T0.plusSeconds(3600));
        store().add(long1);
        store().add(short1);

        assertThat(store().overrides(T0)).containsExactly(short1, long1);
        assertThat(reopen().overrides(T0.plusSeconds(1800))).containsExactly(long1);
        assertThat(store().overrides(T0.plusSeconds(3600))).isEmpty();
    }
}
