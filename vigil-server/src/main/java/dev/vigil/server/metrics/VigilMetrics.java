package dev.vigil.server.metrics;

import dev.vigil.event.EventListener;
import dev.vigil.health.ProbeObserver;
import dev.vigil.supervise.StackSupervisor;
import dev.vigil.time.Scheduler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Vigil's metrics in the Prometheus text format: the services of the stack, events, probe runs, and Vigil's own JVM.
 *
 * <p>Wiring order: the probe observer goes into the supervisors' context, which the stack supervisor needs, so
 * the metrics are made first and told about the stack once it exists:
 * <pre>{@code
 * VigilMetrics metrics = new VigilMetrics(scheduler, version);
 * StackSupervisor stack = new StackSupervisor(stack, contextWith(metrics.probeObserver()), lanes, max);
 * metrics.watch(stack);
 * bus.subscribe(metrics.eventListener());
 * }</pre>
 */
public final class VigilMetrics implements AutoCloseable {

    /** The content type of {@link #scrape()}'s text. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Scheduler clock;
    private final EventMetrics events;
    private final ProbeMetrics probes;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final AtomicBoolean watching = new AtomicBoolean();

    /**
     * @param clock where service uptimes are measured from (the scheduler the supervisors use)
     * @param version Vigil's version, shown as {@code vigil_info{version}}
     */
    public VigilMetrics(Scheduler clock, String version) {
        this.clock = clock;
        this.events = new EventMetrics(registry);
        this.probes = new ProbeMetrics(registry);
        Gauge.builder("vigil.info", () -> 1)
                .description("Always 1; the labels say which Vigil runs")
                .tag("version", version)
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Makes this the metrics of the given stack and returns itself; a stack's services are registered once. */
    public VigilMetrics watch(StackSupervisor stack) {
        if (!watching.compareAndSet(false, true)) {
            throw new IllegalStateException("already watching a stack");
        }
        ServiceMetrics.register(registry, stack, clock);
        return this;
    }

    /** Counts events by type; subscribe it to the event bus. */
    public EventListener eventListener() {
        return events;
    }

    /** Records probe durations and failures; pass it in the supervisors' context. */
    public ProbeObserver probeObserver() {
        return probes;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Every metric in the Prometheus text format ({@link #CONTENT_TYPE}), as {@code GET /metrics} serves it. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
