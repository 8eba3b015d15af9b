package dev.vigil.process;

import dev.vigil.stack.ServiceSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstanceRecordTest {

    private static final ServiceSpec SPEC = ServiceSpec.of("api", List.of("./api", "--port", "8080"), Path.of("/srv"))
            .withEnv(Map.of("DB_PASSWORD", "hunter2", "MODE", "prod"));

    @Test
    void roundTripsThroughJson() {
        InstanceRecord record = new InstanceRecord("we\"ird\\name\n", 4242, 987654321L, "b00t",
                Instant.parse("2026-01-02T03:04:05.123Z"), Fingerprint.of(SPEC));

        assertThat(InstanceRecord.parse(record.toJson())).isEqualTo(record);
    }

    @Test
    void keepsNoSecret() {
        String json = new InstanceRecord("api", 1, 2, "b", Instant.EPOCH, Fingerprint.of(SPEC)).toJson();

        assertThat(json).doesNotContain("hunter2", "DB_PASSWORD", "8080", "/srv");
    }

    @Test
    void aCutOrBrokenRecordIsRejected() {
        String json = new InstanceRecord("api", 1, 2, "b", Instant.EPOCH, Fingerprint.of(SPEC)).toJson();

        assertThatThrownBy(() -> InstanceRecord.parse(json.substring(0, json.length() / 2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InstanceRecord.parse("{\"service\": \"api\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no pid");
        assertThatThrownBy(() -> InstanceRecord.parse(json.replace("\"pid\": 1", "\"pid\": \"one\"")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void driftNamesWhatChanged() {
        Fingerprint then = Fingerprint.of(SPEC);

        assertThat(then.drift(Fingerprint.of(SPEC))).isEmpty();
        assertThat(then.drift(Fingerprint.of(SPEC.withEnv(Map.of("MODE", "prod"))))).contains("environment changed");
        assertThat(then.drift(Fingerprint.of(ServiceSpec.of("api", List.of("./api", "--port 8080"), Path.of("/tmp"))
                .withEnv(SPEC.env())))).contains("command changed, working directory changed");
    }
}
