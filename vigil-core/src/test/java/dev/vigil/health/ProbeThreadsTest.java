package dev.vigil.health;

import dev.vigil.stack.HttpProbeSpec;
import dev.vigil.stack.ProbeTiming;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Dedicated probe threads: one loop for every asynchronous probe, a thread for each other one. */
class ProbeThreadsTest {

    private static final HttpProbeSpec SPEC = HttpProbeSpec.of(URI.create("http://127.0.0.1:1/"),
            new ProbeTiming(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, 3, 1));

    @Test
    void asynchronousProbesShareOneLoopThatClosingTheThreadsEnds() {
        ProbeThreads threads = ProbeThreads.dedicated();
        ProbeThreads.Lease a = threads.lease("a", new PlainHttpProbe(SPEC));
        ProbeThreads.Lease b = threads.lease("b", new PlainHttpProbe(SPEC));
        ProbeThreads.Lease blocking = threads.lease("c", () -> new ProbeResult.Healthy("ok"));

        assertThat(a.loop()).containsSame(b.loop().orElseThrow());
        assertThat(a.timers()).isSameAs(a.loop().orElseThrow());
        assertThat(blocking.loop()).isEmpty();
        assertThat(threadName(blocking)).isEqualTo("vigil-probe-c");
        assertThat(threadName(a)).isEqualTo("vigil-probe-loop");

        blocking.release().run();
        threads.close();
        assertThat(a.loop().orElseThrow().isClosed()).isTrue();
    }

    private static String threadName(ProbeThreads.Lease lease) {
        CompletableFuture<String> name = new CompletableFuture<>();
        lease.timers().schedule(Duration.ZERO, () -> name.complete(Thread.currentThread().getName()));
        return name.join();
    }
}
