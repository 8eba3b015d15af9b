package dev.vigil.change;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Test builders for versions: {@code aVersion("services: ...")}, then change what the test is about. */
public final class NewVersions {

    public static final Instant T0 = Instant.parse("2026-03-01T09:30:00.123456789Z");

    private NewVersions() {
    }

    /** Applied by {@code local} at {@link #T0}, from {@code /srv/shop/vigil.yaml}, with one masked env file. */
    public static NewVersion aVersion(String text) {
        Map<String, String> envFiles = new LinkedHashMap<>();
        envFiles.put("/srv/shop/api.env", "PORT=8080\nDB_PASSWORD=***\n");
        return new NewVersion(T0, "local", "raise the api's pool", "/srv/shop/vigil.yaml", text, envFiles);
    }

    public static NewVersion aVersion(int n) {
        return aVersion("services:\n  api:\n    command: ./api --n " + n + "\n");
    }

    public static NewVersion withResult(NewVersion v, VersionResult result, String detail) {
        return new NewVersion(v.appliedAt(), v.actor(), v.reason(), v.file(), v.text(), v.envFiles(), result,
                Optional.of(detail));
    }
}
