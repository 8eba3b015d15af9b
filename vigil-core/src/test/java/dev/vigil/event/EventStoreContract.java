package dev.vigil.event;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.vigil.event.Events.T0;
import static dev.vigil.event.Events.at;
import static dev.vigil.event.Events.exited;
import static dev.vigil.event.Events.probeChanged;
import static dev.vigil.event.Events.restartScheduled;
import static dev.vigil.event.Events.stackStarted;
import static dev.vigil.event.Events.started;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link EventStore} must do. Each store's test extends this and says how to open one.
 * Time bounds: {@code since} is inclusive, {@code until} exclusive, both to the nanosecond.
 */
public abstract class EventStoreContract {

    @TempDir
    protected Path dir;

    private EventStore store;

    /** Opens the store whose data lives in {@code dir}, creating it when missing. */
    protected abstract EventStore openStore(Path dir);

    /** Closes {@code store} and opens the same data again, as after a restart of Vigil. */
    protected EventStore reopen(EventStore store, Path dir) {
        store.close();
        return openStore(dir);
    }

    protected final EventStore store() {
        if (store == null) {
            store = openStore(dir);
        }
        return store;
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void appendReturnsTheEventsInOrderWithIncreasingIds() {
        List<Event> first = List.of(started("api"), exited("api"), stackStarted());
        List<Event> second = List.of(started("db"));

        List<StoredEvent> a = store().append(first);
        List<StoredEvent> b = store().append(second);

        assertThat(a).extracting(StoredEvent::event).containsExactlyElementsOf(first);
        assertThat(b).extracting(StoredEvent::event).containsExactlyElementsOf(second);
        List<Long> ids = ids(concat(a, b));
        assertThat(ids).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void appendingNothingStoresNothing() {
        assertThat(store().append(List.of())).isEmpty();
        assertThat(store().query(EventQuery.all())).isEmpty();
    }

    @Test
    void queryReturnsWhatWasAppendedOldestFirst() {
        List<StoredEvent> appended = store().append(List.of(started("api"), stackStarted(), exited("db")));

        assertThat(store().query(EventQuery.all())).containsExactlyElementsOf(appended);
    }

    @Test
    void queryByServiceLeavesOutOtherServicesAndStackEvents() {
        store().append(List.of(started("api"), started("db"), stackStarted(), exited("api"), started("web")));

        List<StoredEvent> found = store().query(EventQuery.all().services(Set.of("api", "web")));

        assertThat(found).extracting(StoredEvent::event)
                .containsExactly(started("api"), exited("api"), started("web"));
    }

    @Test
    void queryByType() {
        store().append(List.of(started("api"), exited("api"), stackStarted(), exited("db"), probeChanged("db")));

        assertThat(store().query(EventQuery.all().types(Set.of("InstanceExited", "StackStarted"))))
                .extracting(StoredEvent::event)
                .containsExactly(exited("api"), stackStarted(), exited("db"));
    }

    @Test
    void queryByCause() {
        Event crash = new ServiceEvent.RestartScheduled(T0, "api", Cause.CRASH, "exited with code 1", 1, 0, 1, "5m");
        Event unhealthy = new ServiceEvent.RestartScheduled(T0, "api", Cause.UNHEALTHY, "unhealthy: 503", 2, 0, 2, "5m");
        Event operator = new ServiceEvent.ActionRequested(T0, "web", "restart", "ops", "", Cause.OPERATOR);
        store().append(List.of(started("api"), crash, unhealthy, operator, exited("api")));

        assertThat(store().query(EventQuery.all().causes(Set.of(Cause.UNHEALTHY, Cause.OPERATOR))))
                .extracting(StoredEvent::event).containsExactly(unhealthy, operator);
        assertThat(store().query(EventQuery.all().causes(Set.of(Cause.CRASH)).services(Set.of("api"))))
                .extracting(StoredEvent::event).containsExactly(crash);
        assertThat(store().query(EventQuery.all().causes(Set.of(Cause.DRIFT)))).isEmpty();
    }

    @Test
    void sinceIsInclusiveAndUntilIsExclusive() {
        List<Event> events = IntStream.range(0, 4)
                .<Event>mapToObj(s -> at(T0.plusSeconds(s), exited("api")))
                .toList();
        store().append(events);

        List<StoredEvent> found = store().query(EventQuery.all().since(T0.plusSeconds(1)).until(T0.plusSeconds(3)));

        assertThat(found).extracting(StoredEvent::event).containsExactly(events.get(1), events.get(2));
        assertThat(store().query(EventQuery.all().since(T0.plusSeconds(3)))).hasSize(1);
        assertThat(store().query(EventQuery.all().until(T0))).isEmpty();
    }

    @Test
    void timeBoundsKeepFullPrecision() {
        Event first = at(T0, exited("api"));
        Event second = at(T0.plusNanos(1), exited("api"));
        store().append(List.of(first, second));

        assertThat(store().query(EventQuery.all().since(T0.plusNanos(1)))).extracting(StoredEvent::event)
                .containsExactly(second);
        assertThat(store().query(EventQuery.all().until(T0.plusNanos(1)))).extracting(StoredEvent::event)
                .containsExactly(first);
    }

    @Test
    void beforeIdPagesBackwards() {
        List<StoredEvent> appended = store().append(List.of(started("api"), exited("api"), started("api"),
                exited("api")));

        List<StoredEvent> newest = store().query(EventQuery.all().limit(2));
        List<StoredEvent> before = store().query(EventQuery.all().beforeId(newest.getFirst().id()).limit(2));

        assertThat(newest).extracting(StoredEvent::id).containsExactly(appended.get(2).id(), appended.get(3).id());
        assertThat(before).extracting(StoredEvent::id).containsExactly(appended.get(0).id(), appended.get(1).id());
        assertThat(store().query(EventQuery.all().beforeId(appended.get(0).id()))).isEmpty();
    }

    @Test
    void afterIdReturnsOnlyLaterEvents() {
        List<StoredEvent> appended = store().append(List.of(started("api"), exited("api"), started("api")));

        List<StoredEvent> found = store().query(EventQuery.all().afterId(appended.get(0).id()));

        assertThat(found).containsExactlyElementsOf(appended.subList(1, 3));
        assertThat(store().query(EventQuery.all().afterId(appended.get(2).id()))).isEmpty();
    }

    @Test
    void limitReturnsTheNewestMatchesOldestFirst() {
        List<StoredEvent> appended = store().append(IntStream.range(0, 10)
                .<Event>mapToObj(i -> restartScheduled("api"))
                .toList());

        assertThat(store().query(EventQuery.all().limit(3))).containsExactlyElementsOf(appended.subList(7, 10));
        assertThat(store().query(EventQuery.all().afterId(appended.get(2).id()).limit(2)))
                .containsExactlyElementsOf(appended.subList(8, 10));
    }

    @Test
    void filtersCombine() {
        List<Event> events = List.of(
                at(T0, exited("api")),
                at(T0.plusSeconds(1), exited("db")),
                at(T0.plusSeconds(2), started("api")),
                at(T0.plusSeconds(3), exited("api")),
                at(T0.plusSeconds(4), exited("api")),
                at(T0.plusSeconds(5), exited("api")));
        store().append(events);

        List<StoredEvent> found = store().query(EventQuery.all()
                .services(Set.of("api"))
                .types(Set.of("InstanceExited"))
                .since(T0.plusSeconds(1))
                .until(T0.plusSeconds(5))
                .limit(1));

        assertThat(found).extracting(StoredEvent::event).containsExactly(events.get(4));
    }

    @Test
    void everyEventRecordRoundTrips() {
        List<Event> samples = Events.samples("api");
        assertThat(samples).extracting(Event::type).contains("StackStarting", "InstanceExited");

        store().append(samples);

        assertThat(store().query(EventQuery.all())).extracting(StoredEvent::event)
                .containsExactlyElementsOf(samples);
        for (Event sample : samples) {
            assertThat(store().query(EventQuery.all().types(Set.of(sample.type()))))
                    .as(sample.type())
                    .extracting(StoredEvent::event)
                    .containsExactly(sample);
        }
    }

    @Test
    void eventsSurviveCloseAndReopenAndIdsKeepGrowing() {
        List<StoredEvent> before = store().append(Events.samples("api"));

        store = reopen(store, dir);
        List<StoredEvent> after = store().append(List.of(exited("db")));

        assertThat(store().query(EventQuery.all())).containsExactlyElementsOf(concat(before, after));
        assertThat(after.get(0).id()).isGreaterThan(before.get(before.size() - 1).id());
    }

    @Test
    void queryMatchingNothingIsEmpty() {
        store().append(List.of(started("api")));

        assertThat(store().query(EventQuery.all().services(Set.of("nope")))).isEmpty();
        assertThat(store().query(EventQuery.all().types(Set.of("NoSuchEvent")))).isEmpty();
        assertThat(store().query(EventQuery.all().since(Instant.MAX))).isEmpty();
        assertThat(store().query(EventQuery.all().until(Instant.MIN))).isEmpty();
    }

    private static List<Long> ids(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::id).toList();
    }

    private static List<StoredEvent> concat(List<StoredEvent> a, List<StoredEvent> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
