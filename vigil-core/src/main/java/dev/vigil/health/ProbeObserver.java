package dev.vigil.health;

import dev.vigil.stack.ProbeSpec;

import java.time.Duration;

/** Told about every probe run (for metrics); called on the thread that ran the check: return quickly. */
@FunctionalInterface
public interface ProbeObserver {

    ProbeObserver NONE = (service, probe, result, took) -> { };

    void onResult(String service, ProbeSpec probe, ProbeResult result, Duration took);

    /** Tells both, {@code this} first; each keeps what it looks up once per probe. */
    default ProbeObserver andThen(ProbeObserver next) {
        ProbeObserver first = this;
        return new ProbeObserver() {
            @Override
            public void onResult(String service, ProbeSpec probe, ProbeResult result, Duration took) {
                first.onResult(service, probe, result, took);
                next.onResult(service, probe, result, took);
            }

            @Override
            public Runs of(String service, ProbeSpec probe) {
                Runs a = first.of(service, probe);
                Runs b = next.of(service, probe);
                return (result, took) -> {
                    a.onResult(result, took);
                    b.onResult(result, took);
                };
            }
        };
    }

    /**
     * The observer of one probe's runs, asked for once when its worker is made: an observer that looks something up
     * per probe (meters by service and probe) does it here instead of on every run.
     */
    default Runs of(String service, ProbeSpec probe) {
        return (result, took) -> onResult(service, probe, result, took);
    }

    /** Told about the runs of one probe. */
    @FunctionalInterface
    interface Runs {
        void onResult(ProbeResult result, Duration took);
    }
}
