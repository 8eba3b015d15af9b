package dev.vigil.cli;

import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What systemd would receive: every datagram, with when it arrived. */
final class FakeSystemd implements AutoCloseable {
    private final AFUNIXDatagramSocket socket;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<Long> pings = new CopyOnWriteArrayList<>();
    private final Thread reader;

    static FakeSystemd listen(AFUNIXSocketAddress address) throws IOException {
        AFUNIXDatagramSocket socket = AFUNIXDatagramSocket.newInstance();
        socket.bind(address);
        return new FakeSystemd(socket);
    }

    private FakeSystemd(AFUNIXDatagramSocket socket) {
        this.socket = socket;
        this.reader = Thread.ofPlatform().daemon(true).name("fake-systemd").start(this::read);
    }

    private void read() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            long now = System.nanoTime();
            String message = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            messages.add(message);
            if (message.lines().anyMatch("WATCHDOG=1"::equals)) {
                pings.add(now);
            }
        }
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    List<Long> pings() {
        return List.copyOf(pings);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
