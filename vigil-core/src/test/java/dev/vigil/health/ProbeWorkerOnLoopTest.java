package dev.vigil.health;

import dev.vigil.stack.HttpProbeSpec;
import dev.vigil.stack.ProbeSpec;
import dev.vigil.stack.ProbeTiming;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

import static dev.vigil.health.ScriptedHttpServer.ok;
import static dev.vigil.health.ScriptedHttpServer.send;
import static org.assertj.core.api.Assertions.assertThat;

/** Asynchronous probes' runs on a real probe loop: started and counted on the loop, once each, one at a time. */
class ProbeWorkerOnLoopTest {

    private static final ProbeTiming QUICK = new ProbeTiming(Duration.ofMillis(20), Duration.ofSeconds(5),
            Duration.ZERO, 2, 1);
    private static final RandomGenerator NO_PHASE = new RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public double nextDouble() {
            return 0;
        }
    };

    private final ProbeLoop loop = new ProbeLoop("test-probe-loop", Duration.ZERO);
    private final ProbeThreads.Lease onLoop = new ProbeThreads.Lease(loop, command -> {
        throw new AssertionError("an asynchronous probe's check never goes to the checks executor");
    }, Optional.of(loop), () -> { });
    private final Executor lane = Runnable::run;
    private final List<String> told = new CopyOnWriteArrayList<>();
    private final List<ProbeWorker> workers = new ArrayList<>();
    private ScriptedHttpServer server;

    @AfterEach
    void close() throws IOException {
        workers.forEach(ProbeWorker::stop);
        loop.close();
        if (server != null) {
            server.close();
        }
    }

    private ProbeWorker worker(ProbeSpec spec, Probe probe, ProbeObserver.Runs runs) {
        ProbeWorker worker = new ProbeWorker("api", spec, probe, onLoop, lane, NO_PHASE, new ProbeWorker.Listener() {
            @Override
            public void onVerdict(ProbeWorker w, ProbeStatus from, ProbeStatus to, String detail) {
                told.add(from.label() + " -> " + to.label());
            }

            @Override
            public void onCheckerError(ProbeWorker w, String detail) {
                told.add("checker: " + detail);
            }
        }, new ProbeObserver() {
            @Override
            public void onResult(String service, ProbeSpec probe, ProbeResult result, Duration took) {
            }

            @Override
            public Runs of(String service, ProbeSpec probe) {
                return runs;
            }
        }, loop.nanoTime());
        workers.add(worker);
        return worker;
    }

    private ProbeSpec spec(String url) {
        return HttpProbeSpec.of(URI.create(url), QUICK);
    }

    @Test
    void eachRunStartsOnTheLoopAfterTheLastEndedAndIsCountedOnceThere() {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        List<String> wrong = new CopyOnWriteArrayList<>();
        AsyncProbe probe = new AsyncProbe() {
            private boolean running;

            @Override
            public void start(ProbeLoop on, Consumer<ProbeResult> done) {
                if (running) {
                    wrong.add("run " + started.get() + " overlapped the one before");
                }
                if (!on.inLoop()) {
                    wrong.add("started on " + Thread.currentThread().getName());
                }
                running = true;
                int run = started.incrementAndGet();
                Runnable end = () -> {
                    running = false;
                    ended.incrementAndGet();
                    done.accept(new ProbeResult.Healthy("run " + run));
                };
                if (run % 2 == 0) {
                    end.run(); // an answer that was already there
                } else {
                    on.scheduleExact(Duration.ofMillis(3).toNanos(), end);
                }
            }

            @Override
            public ProbeResult check() {
                throw new AssertionError("runs on the loop");
            }
        };
        List<String> counted = new CopyOnWriteArrayList<>();
        ProbeWorker worker = worker(spec("http://127.0.0.1:1/"), probe, (result, took) -> {
            if (!loop.inLoop()) {
                wrong.add("counted on " + Thread.currentThread().getName());
            }
            counted.add(result.detail());
        });

        worker.start();
        Awaitility.await().until(() -> counted.size() >= 10);
        worker.stop();
        Awaitility.await().until(() -> ended.get() == started.get());

        assertThat(wrong).isEmpty();
        assertThat(counted).hasSizeBetween(started.get() - 1, started.get()).doesNotHaveDuplicates();
        assertThat(counted.subList(0, 10)).containsExactly("run 1", "run 2", "run 3", "run 4", "run 5", "run 6",
                "run 7", "run 8", "run 9", "run 10");
        assertThat(told).containsExactly("unknown -> healthy");
    }

    @Test
    void stoppingDuringARunDropsItsResultAndClosesItsConnection() throws IOException {
        CountDownLatch stopped = new CountDownLatch(1);
        server = new ScriptedHttpServer((connection, request, out) -> {
            if (request == 2) {
                await(stopped);
            }
            send(out, ok("ok"));
            return true;
        });
        List<ProbeResult> counted = new CopyOnWriteArrayList<>();
        HttpProbeSpec spec = HttpProbeSpec.of(URI.create(server.url("/")), QUICK);
        ProbeWorker worker = worker(spec, new PlainHttpProbe(spec), (result, took) -> counted.add(result));
        worker.start();
        Awaitility.await().until(() -> server.requests() == 2);

        worker.stop();
        stopped.countDown();

        Awaitility.await().until(() -> server.closedByClient().contains(1));
        assertThat(counted).hasSize(1);
        assertThat(worker.report().status()).isEqualTo(ProbeStatus.HEALTHY);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aHundredProbesOfOneServerOnOneLoopAreAllHealthy() throws IOException {
        server = new ScriptedHttpServer((connection, request, out) -> {
            send(out, ok("ok"));
            return true;
        });
        Set<Integer> healthy = ConcurrentHashMap.newKeySet();
        AtomicInteger runs = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            int n = i;
            PlainHttpProbe probe = new PlainHttpProbe(HttpProbeSpec.of(URI.create(server.url("/" + n)), QUICK));
            ProbeWorker worker = worker(spec(server.url("/" + n)), probe, (result, took) -> {
                runs.incrementAndGet();
                if (result instanceof ProbeResult.Healthy) {
                    healthy.add(n);
                }
            });
            worker.start();
        }

        Awaitility.await().until(() -> healthy.size() == 100 && runs.get() >= 500);
        assertThat(workers).allMatch(w -> w.report().status() == ProbeStatus.HEALTHY);
        assertThat(told).hasSize(100).containsOnly("unknown -> healthy");
        // Each probe keeps its connection.
        assertThat(server.connections()).isEqualTo(100);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
