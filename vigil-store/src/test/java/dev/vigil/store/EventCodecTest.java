package dev.vigil.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.event.Event;
import dev.vigil.event.Events;
import dev.vigil.event.ServiceEvent.StartFailed;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static dev.vigil.event.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void knowsEveryEventRecordByItsSimpleName() {
        assertThat(codec.types()).containsExactlyInAnyOrderElementsOf(
                Events.recordTypes().stream().map(Class::getSimpleName).toList());
    }

    @Test
    void everyEventRecordRoundTripsToAnEqualRecord() {
        for (Class<? extends Event> type : Events.recordTypes()) {
            Event sample = Events.sampleOf(type, T0, "api");

            assertThat(codec.decode(sample.type(), codec.encode(sample))).as(type.getSimpleName()).isEqualTo(sample);
        }
    }

    @Test
    void writesTheRecordComponentsAndNothingElse() throws Exception {
        for (Class<? extends Event> type : Events.recordTypes()) {
            JsonNode json = EventCodec.mapper().readTree(codec.encode(Events.sampleOf(type, T0, "api")));

            List<String> names = new ArrayList<>();
            json.fieldNames().forEachRemaining(names::add);
            assertThat(names).as(type.getSimpleName()).containsExactlyElementsOf(
                    Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList());
        }
    }

    @Test
    void writesInstantsAsIsoTextWithNanoseconds() {
        assertThat(codec.encode(Events.exited("api"))).contains("\"at\":\"2026-01-15T10:00:00.123456789Z\"");
    }

    record Shapes(Instant at, Optional<String> note, Optional<Instant> when, Optional<String> none,
                  List<String> lines, long big, int small, boolean flag, Duration delay) {
    }

    @Test
    void optionalsListsAndPrimitivesRoundTrip() throws Exception {
        Shapes shapes = new Shapes(T0, Optional.of("n"), Optional.of(T0.plusNanos(7)), Optional.empty(),
                List.of("a", "b"), Long.MAX_VALUE, -3, true, Duration.ofMillis(1500));

        String json = EventCodec.mapper().writeValueAsString(shapes);

        assertThat(EventCodec.mapper().readValue(json, Shapes.class)).isEqualTo(shapes);
    }

    @Test
    void ignoresPropertiesANewerVersionAdded() {
        StartFailed decoded = (StartFailed) codec.decode("StartFailed",
                "{\"at\":\"2026-01-15T10:00:00Z\",\"service\":\"api\",\"error\":\"boom\",\"exitCode\":127}");

        assertThat(decoded).isEqualTo(new StartFailed(Instant.parse("2026-01-15T10:00:00Z"), "api", "boom"));
    }

    @Test
    void anUnknownTypeIsUnreadable() {
        assertThatThrownBy(() -> codec.decode("FutureEvent", "{}"))
                .isInstanceOf(UnreadableEventException.class)
                .hasMessageContaining("unknown event type FutureEvent");
    }

    @Test
    void aPayloadThatDoesNotFitIsUnreadable() {
        List<String> payloads = List.of(
                "not json",
                "{\"at\":\"2026-01-15T10:00:00Z\",\"service\":\"api\"}",
                "{\"at\":\"2026-01-15T10:00:00Z\",\"service\":\"api\",\"error\":null}",
                "{\"at\":\"yesterday\",\"service\":\"api\",\"error\":\"boom\"}",
                "[]");
        for (String payload : payloads) {
            assertThatThrownBy(() -> codec.decode("StartFailed", payload)).as(payload)
                    .isInstanceOf(UnreadableEventException.class)
                    .hasMessageStartingWith("unreadable StartFailed payload");
        }
    }

    @Test
    void aPrimitiveMissingIsUnreadableNotZero() {
        assertThatThrownBy(() -> codec.decode("StackStarted",
                "{\"at\":\"2026-01-15T10:00:00Z\",\"stack\":\"shop\"}"))
                .isInstanceOf(UnreadableEventException.class);
    }

    sealed interface Root permits Left, Right {
    }

    sealed interface Left extends Root permits Left.Same {
        record Same() implements Left {
        }
    }

    sealed interface Right extends Root permits Right.Same {
        record Same() implements Right {
        }
    }

    sealed interface OpenRoot permits Open {
    }

    non-sealed interface Open extends OpenRoot {
    }

    @Test
    void refusesHierarchiesItCouldNotStoreByName() {
        assertThatThrownBy(() -> EventCodec.recordsUnder(Root.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("both named Same");
        assertThatThrownBy(() -> EventCodec.recordsUnder(OpenRoot.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("neither a record nor sealed");
    }
}
