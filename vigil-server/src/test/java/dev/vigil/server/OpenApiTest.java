package dev.vigil.server;

import dev.vigil.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The published API description and the server agree: same paths, same methods, same roles. */
class OpenApiTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete", "head", "options");

    @Test
    @SuppressWarnings("unchecked")
    void documentListsExactlyTheRegisteredRoutesWithTheirRoles(@TempDir Path dir) throws Exception {
        Map<String, Object> doc;
        try (InputStream in = getClass().getResourceAsStream(StackEndpoints.OPENAPI_RESOURCE)) {
            doc = new Yaml().load(in);
        }
        List<String> documented = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
        paths.forEach((path, item) -> item.forEach((method, op) -> {
            if (METHODS.contains(method)) {
                documented.add(method.toUpperCase() + " " + path);
                roles.add(method.toUpperCase() + " " + path + " " + ((Map<String, Object>) op).get("x-vigil-role"));
            }
        }));
        try (TestDaemon d = TestDaemon.start(dir)) {
            assertThat(documented).containsExactlyInAnyOrderElementsOf(d.server.registeredRoutes());
            assertThat(roles).containsExactlyInAnyOrderElementsOf(d.server.routes().stream()
                    .map(r -> r.key() + " " + r.role().label()).toList());
            String served = d.get("/api/v1/openapi.yaml", d.token(Role.VIEWER)).body();
            assertThat((Map<String, Object>) new Yaml().load(served)).isEqualTo(doc);
        }
    }
}
