package dev.vigil.supervise;

import dev.vigil.runtime.Adoption;
import dev.vigil.runtime.ExitStatus;
import dev.vigil.runtime.Instance;
import dev.vigil.runtime.Runtime;
import dev.vigil.runtime.Slot;
import dev.vigil.runtime.StartChoice;
import dev.vigil.runtime.StartFailure;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Signal;
import dev.vigil.stack.StopSpec;
import dev.vigil.time.Scheduler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A runtime of pretend instances that tests crash, signal and measure at will. */
final class FakeRuntime implements Runtime {

    private final Scheduler scheduler;
    private final List<FakeInstance> started = new ArrayList<>();
    private final List<FakeInstance> all = new ArrayList<>();
    private final Map<String, Adoption> leftBehind = new HashMap<>();
    private final List<String> adoptions = new ArrayList<>();
    private final Set<String> failingStarts = new HashSet<>();
    private final Map<String, StartChoice> nextChoices = new HashMap<>();
    private Optional<String> adoptionFailure = Optional.empty();
    private long nextPid = 1000;

    FakeRuntime(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public synchronized Instance start(ServiceSpec spec, Slot slot) {
        if (failingStarts.contains(spec.name())) {
            throw new StartFailure("command not found: " + spec.command().get(0));
        }
        FakeInstance instance = new FakeInstance(spec.name(), nextPid++, scheduler.now());
        instance.choice = Optional.ofNullable(nextChoices.remove(spec.name()));
        started.add(instance);
        all.add(instance);
        return instance;
    }

    /** The service's next start reports this choice, as a container runtime does. */
    synchronized void chooseNext(String service, StartChoice choice) {
        nextChoices.put(service, choice);
    }

    /** Hands out, once, what an earlier run left of the service; nothing otherwise. */
    @Override
    public synchronized Adoption adopt(ServiceSpec spec) {
        adoptions.add(spec.name());
        if (adoptionFailure.isPresent()) {
            throw new IllegalStateException(adoptionFailure.get());
        }
        Adoption left = leftBehind.remove(spec.name());
        return left == null ? Adoption.none() : left;
    }

    /** As if an earlier run of Vigil had started the service and it still ran (since {@code startedAt}). */
    synchronized FakeInstance leaveRunning(String service, Instant startedAt, Optional<String> drift) {
        FakeInstance instance = new FakeInstance(service, nextPid++, startedAt);
        all.add(instance);
        leftBehind.put(service, new Adoption.Found(instance, drift));
        return instance;
    }

    /** As if an earlier run had started the service and it ended while no Vigil watched. */
    synchronized void leaveGone(String service, String instanceId, String detail) {
        leftBehind.put(service, new Adoption.Gone(instanceId, detail));
    }

    /** Every later adoption fails with an unchecked exception saying {@code message}. */
    synchronized void failAdoptions(String message) {
        adoptionFailure = Optional.of(message);
    }

    /** The services the supervisors looked for, in order. */
    synchronized List<String> adoptions() {
        return List.copyOf(adoptions);
    }

    void failStartsOf(String service) {
        failingStarts.add(service);
    }

    synchronized List<FakeInstance> started(String service) {
        return started.stream().filter(i -> i.service().equals(service)).toList();
    }

    /** The newest instance of the service, started or adopted. */
    synchronized FakeInstance current(String service) {
        List<FakeInstance> mine = all.stream().filter(i -> i.service().equals(service)).toList();
        return mine.get(mine.size() - 1);
    }

    @Override
    public void close() {
    }

    /** A pretend instance: alive until crashed or stopped; stop ends it at once unless told to linger. */
    static final class FakeInstance implements Instance {
        private final String service;
        private final long pid;
        private final Instant startedAt;
        private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        final List<Signal> signals = new ArrayList<>();
        final List<String> lines = new ArrayList<>(List.of("booting", "ready"));
        long memory = 10_000_000;
        double cpuSeconds;
        long openFds = 10;
        Optional<StartChoice> choice = Optional.empty();
        int stopCalls;

        FakeInstance(String service, long pid, Instant startedAt) {
            this.service = service;
            this.pid = pid;
            this.startedAt = startedAt;
        }

        void crash(int code) {
            lines.add("fatal: simulated crash");
            exit.complete(ExitStatus.exited(code));
        }

        /** Ends the way an adopted process does: seen gone, its status unknown. */
        void exitUnknown() {
            exit.complete(ExitStatus.unknown());
        }

        @Override
        public String service() {
            return service;
        }

        @Override
        public Optional<StartChoice> startChoice() {
            return choice;
        }

        @Override
        public String id() {
            return Long.toString(pid);
        }

        @Override
        public OptionalLong pid() {
            return OptionalLong.of(pid);
        }

        @Override
        public Instant startedAt() {
            return startedAt;
        }

        @Override
        public CompletableFuture<ExitStatus> onExit() {
            return exit;
        }

        @Override
        public boolean isAlive() {
            return !exit.isDone();
        }

        @Override
        public void signal(Signal signal) {
            signals.add(signal);
        }

        @Override
        public CompletableFuture<ExitStatus> stop(StopSpec stop) {
            stopCalls++;
            if (exit.isDone()) {
                return exit; // like a real runtime: stopping what has ended sends nothing
            }
            signals.add(stop.signal());
            exit.complete(ExitStatus.killed(stop.signal().number()));
            return exit;
        }

        @Override
        public OptionalLong memoryBytes() {
            return isAlive() ? OptionalLong.of(memory) : OptionalLong.empty();
        }

        @Override
        public Optional<dev.vigil.runtime.Usage> usage() {
            return isAlive() ? Optional.of(new dev.vigil.runtime.Usage(cpuSeconds, memory, OptionalLong.empty(), 3,
                    OptionalLong.of(openFds), OptionalLong.of(1024), 4096, 8192)) : Optional.empty();
        }

        @Override
        public List<String> lastLogLines(int max) {
            return List.copyOf(lines.subList(Math.max(0, lines.size() - max), lines.size()));
        }
    }
}
