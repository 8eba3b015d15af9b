package dev.vigil.health;

import dev.vigil.stack.ExecProbeSpec;
import dev.vigil.stack.HttpProbeSpec;
import dev.vigil.stack.ProbeSpec;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.TcpProbeSpec;

import java.net.http.HttpClient;

/** Makes the probe for a spec: one implementation per mechanism. */
public final class Probes implements ProbeFactory {

    private final HttpClient httpClient;

    /** @param httpClient for {@code https://} probes */
    public Probes(HttpClient httpClient) {
        this.httpClient = httpClient;
    }

    @Override
    public Probe create(ServiceSpec service, ProbeSpec spec) {
        return switch (spec) {
            case HttpProbeSpec http -> PlainHttpProbe.handles(http) ? new PlainHttpProbe(http)
                    : new HttpProbe(http, httpClient);
            case TcpProbeSpec tcp -> new TcpProbe(tcp);
            case ExecProbeSpec exec -> new ExecProbe(exec, service.cwd(), service.env());
        };
    }
}
