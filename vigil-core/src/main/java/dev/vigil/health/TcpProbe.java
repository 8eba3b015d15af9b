package dev.vigil.health;

import dev.vigil.stack.TcpProbeSpec;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Healthy when a TCP connection is accepted within the timeout. */
public final class TcpProbe implements Probe {

    private final TcpProbeSpec spec;

    public TcpProbe(TcpProbeSpec spec) {
        this.spec = spec;
    }

    @Override
    public ProbeResult check() {
        int timeoutMs = (int) Math.max(1, spec.timing().timeout().toMillis());
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(spec.host(), spec.port()), timeoutMs);
            return new ProbeResult.Healthy("connected in " + (System.nanoTime() - start) / 1_000_000 + "ms");
        } catch (SocketTimeoutException e) {
            return new ProbeResult.Unhealthy("connect timed out after " + timeoutMs + "ms");
        } catch (ConnectException e) {
            return new ProbeResult.Unhealthy("connection refused");
        } catch (UnknownHostException e) {
            return new ProbeResult.Unknown("unknown host " + spec.host());
        } catch (IOException e) {
            return new ProbeResult.Unhealthy(String.valueOf(e.getMessage()));
        }
    }
}
