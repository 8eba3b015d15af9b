package dev.vigil.stack;

/** Healthy when a TCP connection to host:port is accepted. */
public record TcpProbeSpec(String host, int port, ProbeTiming timing) implements ProbeSpec {
    @Override
    public String describe() {
        return "tcp " + host + ":" + port;
    }
}
