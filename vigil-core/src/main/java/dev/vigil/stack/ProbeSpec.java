package dev.vigil.stack;

/** One health check definition. */
public sealed interface ProbeSpec permits HttpProbeSpec, TcpProbeSpec, ExecProbeSpec {

    ProbeTiming timing();

    /** A short human name, e.g. {@code http GET http://127.0.0.1:8080/health}. */
    String describe();
}
