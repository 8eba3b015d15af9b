package dev.vigil.docker;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A unix-socket relay in front of the engine's socket, so a test can break every open connection (as a restart
 * of the engine or a network failure would) while new connections keep working.
 */
final class SocketRelay implements AutoCloseable {

    private final ServerSocketChannel server;
    private final Path engineSocket;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean frozen;

    SocketRelay(Path socket, Path engineSocket) throws IOException {
        this.engineSocket = engineSocket;
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = Thread.ofVirtual().start(this::accept);
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(engineSocket));
                open.add(client);
                open.add(engine);
                Thread.ofVirtual().start(() -> pump(client, engine));
                Thread.ofVirtual().start(() -> pump(engine, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                while (frozen && from.isOpen()) {
                    Thread.sleep(10);
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            // Broken on purpose, or the other side went away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(from);
        closeQuietly(to);
    }

    /** Holds back everything either side sends, as a hung engine would, until {@link #thaw()}. */
    void freeze() {
        frozen = true;
    }

    void thaw() {
        frozen = false;
    }

    /** Cuts every connection made so far; the relay still accepts new ones. */
    void breakConnections() {
        for (SocketChannel channel : open) {
            closeQuietly(channel);
        }
        open.clear();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        breakConnections();
        acceptor.interrupt();
    }
}
