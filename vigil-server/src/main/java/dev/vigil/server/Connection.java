package dev.vigil.server;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/** The network connection under a request, so that a stream can be cut off from another thread. */
final class Connection {

    private final EndPoint endPoint;
    private final Thread writer;

    private Connection(EndPoint endPoint, Thread writer) {
        this.endPoint = endPoint;
        this.writer = writer;
    }

    static Connection of(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        EndPoint endPoint = request == null ? null : request.getConnectionMetaData().getConnection().getEndPoint();
        return new Connection(endPoint, Thread.currentThread());
    }

    /** Closes the connection; a write blocked on it fails at once. */
    void abort() {
        if (endPoint != null) {
            endPoint.close();
        } else {
            writer.interrupt();
        }
    }
}
