package dev.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.event.ServiceEvent;
import dev.vigil.event.StackEvent;
import dev.vigil.event.StoredEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The event JSON shared with the CLI's --json output. */
class EventJsonTest {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678Z");

    @Test
    void serviceEventHasTheSharedShape() throws Exception {
        StoredEvent e = new StoredEvent(7, new ServiceEvent.InstanceExited(AT, "web", "123", 1, 0, "exited with code 1",
                1500, false, List.of("boom")));
        String line = EventJson.line(e);
        assertThat(line).doesNotContain("\n");
        JsonNode j = new ObjectMapper().readTree(line);
        assertThat(j.fieldNames()).toIterable().containsExactly("id", "at", "service", "type", "message", "data");
        assertThat(j.get("id").asLong()).isEqualTo(7);
        assertThat(j.get("at").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(j.get("service").asText()).isEqualTo("web");
        assertThat(j.get("type").asText()).isEqualTo("InstanceExited");
        assertThat(j.get("message").asText()).isEqualTo(e.event().message());
        assertThat(j.get("data").get("code").asInt()).isEqualTo(1);
        assertThat(j.get("data").get("lastLines").get(0).asText()).isEqualTo("boom");
        assertThat(EventJson.of(e).toString()).isEqualTo(line);
    }

    @Test
    void stackEventHasANullService() {
        JsonNode j = EventJson.of(new StoredEvent(1, new StackEvent.StackStarted(AT, "shop", 12)));
        assertThat(j.get("service").isNull()).isTrue();
        assertThat(j.get("data").get("stack").asText()).isEqualTo("shop");
    }
}
