package dev.vigil.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.stack.ContainerSpec.PortMapping;
import dev.vigil.stack.ContainerSpec.Resources;
import dev.vigil.stack.ContainerSpec.VolumeMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container services in vigil.yaml, and the writer that turns a stack back into one. */
class ContainerStackTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryContainerKey() throws Exception {
        Path file = dir.resolve("vigil.yaml");
        Files.writeString(file, """
                services:
                  web:
                    image: nginx:1.27
                    command: nginx -g 'daemon off;'
                    entrypoint: [/docker-entrypoint.sh]
                    ports:
                      - "80"
                      - "8080:80"
                      - "0.0.0.0:8443:443"
                      - "[::1]:9000:9000/udp"
                      - "127.0.0.1::81"
                      - {target: 82, published: 8082, host_ip: 0.0.0.0, protocol: udp}
                      - {target: 83}
                    volumes:
                      - data:/var/lib/data
                      - ./conf:/etc/nginx/conf.d:ro
                      - /srv/static:/usr/share/nginx/html:rw
                      - {type: bind, source: ../shared, target: /shared, read_only: true}
                      - {type: volume, source: cache, target: /cache}
                    network: backend
                    resources: {memory: 256M, cpus: 0.5, pids: 100}
                    labels: {team: web, "com.example.tier": front}
                    memory_limit: 200M
                  job:
                    image: busybox
                    labels: [a=1, b]
                """);

        Stack stack = StackLoader.load(file);

        ServiceSpec web = stack.service("web").orElseThrow();
        assertThat(web.isContainer()).isTrue();
        assertThat(web.command()).containsExactly("nginx", "-g", "daemon off;");
        assertThat(web.cwd()).isEqualTo(dir);
        assertThat(web.memoryLimit()).contains(MemoryLimit.of(200L << 20));
        ContainerSpec c = web.container().orElseThrow();
        assertThat(c.image()).isEqualTo("nginx:1.27");
        assertThat(c.entrypoint()).contains(List.of("/docker-entrypoint.sh"));
        assertThat(c.ports()).containsExactly(
                new PortMapping("127.0.0.1", 0, 80, "tcp"),
                new PortMapping("127.0.0.1", 8080, 80, "tcp"),
                new PortMapping("0.0.0.0", 8443, 443, "tcp"),
                new PortMapping("::1", 9000, 9000, "udp"),
                new PortMapping("127.0.0.1", 0, 81, "tcp"),
                new PortMapping("0.0.0.0", 8082, 82, "udp"),
                new PortMapping("127.0.0.1", 0, 83, "tcp"));
        assertThat(c.volumes()).containsExactly(
                new VolumeMount(VolumeMount.Kind.VOLUME, "data", "/var/lib/data", false),
                new VolumeMount(VolumeMount.Kind.BIND, dir.resolve("conf").toString(), "/etc/nginx/conf.d", true),
                new VolumeMount(VolumeMount.Kind.BIND, "/srv/static", "/usr/share/nginx/html", false),
                new VolumeMount(VolumeMount.Kind.BIND, dir.getParent().resolve("shared").toString(), "/shared", true),
                new VolumeMount(VolumeMount.Kind.VOLUME, "cache", "/cache", false));
        assertThat(c.network()).contains("backend");
        assertThat(c.resources()).isEqualTo(new Resources(Optional.of(256L << 20), Optional.of(0.5), Optional.of(100L)));
        assertThat(c.labels()).isEqualTo(Map.of("team", "web", "com.example.tier", "front"));

        ServiceSpec job = stack.service("job").orElseThrow();
        assertThat(job.command()).isEmpty();
        assertThat(job.container()).contains(new ContainerSpec("busybox", Optional.empty(), List.of(), List.of(),
                Optional.empty(), Resources.NONE, Map.of("a", "1", "b", "")));
    }

    @Test
    void aProcessServiceHasNoContainer() {
        Stack stack = StackLoader.parse("services: {api: {command: ./api}}", dir.resolve("vigil.yaml"));

        assertThat(stack.service("api").orElseThrow().container()).isEmpty();
    }

    @Test
    void writtenStackReadsBackToTheSameServices() throws Exception {
        Path full = Path.of(getClass().getResource("/stacks/full/vigil.yaml").toURI());
        Stack processes = StackLoader.load(full);
        Path file = dir.resolve("vigil.yaml");
        Files.writeString(file, """
                name: "odd: name"
                services:
                  web:
                    image: nginx
                    entrypoint: ["sh", "-c", "echo \\"$X\\"; exec nginx"]
                    ports: ["8080:80", "[::1]::53/udp"]
                    volumes: [data:/d, "./c:/c:ro"]
                    network: n
                    resources: {memory: 1G, cpus: 1.5}
                    labels: {k: "yes"}
                    env: {A: "08", B: "", C: "multi\\nline"}
                    health: {exec: [curl, -f, localhost], interval: 2s}
                    restart: never
                    stop: {signal: QUIT, grace: 3s}
                """);
        Stack containers = StackLoader.load(file);

        for (Stack stack : List.of(processes, containers)) {
            Path out = stack.directory().equals(dir) ? dir.resolve("again.yaml") : stack.directory().resolve("again.yaml");
            Stack again = StackLoader.parse(StackWriter.write(stack), stack.file());
            assertThat(again.name()).isEqualTo(stack.name());
            assertThat(again.services()).as(out.toString()).containsExactlyElementsOf(stack.services());
        }
    }
}
