package dev.vigil.server;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.ParsedEndpoint;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The HTTP control plane: every endpoint behind a bearer token and a role, JSON in and out, each change audited.
 * Listens on loopback unless TLS is configured.
 */
public final class ApiServer implements AutoCloseable {

    private final Javalin app;
    private final URI address;
    private final Streams streams;
    private final List<Route> routes;

    private ApiServer(Javalin app, URI address, Streams streams, List<Route> routes) {
        this.app = app;
        this.address = address;
        this.streams = streams;
        this.routes = routes;
    }

    /** Starts listening and returns once requests are accepted. */
    public static ApiServer start(ServerConfig config, ControlPlane plane) {
        checkExposure(config);
        AtomicReference<URI> address = new AtomicReference<>();
        Streams streams = new Streams();
        WebSessions sessions = new WebSessions();
        StackEndpoints stack = new StackEndpoints(plane, address::get).withSessions(sessions);
        ServiceEndpoints services = new ServiceEndpoints(plane);
        List<Route> routes = Routes.table(stack, services, new LogEndpoints(plane, services, streams),
                new EventEndpoints(plane, streams), new TokenEndpoints(plane.tokens()),
                new AuditEndpoints(plane.audit()), new WindowEndpoints(plane),
                new ApplyEndpoints(plane), new MetricEndpoints(plane), new UsageEndpoints(plane),
                new PrometheusEndpoints(plane), new AlertEndpoints(plane), new AlertmanagerEndpoints(plane));
        Dispatcher dispatcher = new Dispatcher(plane, config, sessions);
        WebPages pages = new WebPages(plane, dispatcher, sessions, config.tls().isPresent());
        AtomicReference<ServerConnector> connector = new AtomicReference<>();
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.startup.startupWatcherEnabled = false;
            cfg.http.prefer405over404 = true;
            cfg.http.generateEtags = false;
            cfg.http.compressionStrategy = CompressionStrategy.NONE;
            // Each route enforces its own limit on what it reads; this is the largest of them.
            cfg.http.maxRequestSize = Math.max(config.maxBodyBytes(), Math.max(Routes.MAX_STACK_FILE_BYTES,
                    Routes.MAX_POSTED_ALERTS_BYTES));
            cfg.concurrency.useVirtualThreads = true;
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
            });
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            cfg.jetty.addConnector((server, http) -> {
                ServerConnector c = connector(server, http, config);
                connector.set(c);
                return c;
            });
            cfg.routes.before(ctx -> {
                ctx.header("Cache-Control", "no-store");
                ctx.header("X-Content-Type-Options", "nosniff");
            });
            for (Route route : routes) {
                // Javalin and OpenAPI both write a path parameter as {name}: the table's paths serve both.
                cfg.routes.addHttpHandler(HandlerType.findOrCreate(route.method()), route.path(),
                        ctx -> dispatcher.handle(route, ctx));
            }
            // The dashboard: HTML pages beside the API, on the same port and tokens.
            cfg.routes.addHttpHandler(HandlerType.GET, "/", pages::overview);
            cfg.routes.addHttpHandler(HandlerType.GET, "/login", pages::loginForm);
            cfg.routes.addHttpHandler(HandlerType.POST, "/login", pages::login);
            cfg.routes.addHttpHandler(HandlerType.POST, "/logout", pages::logout);
            cfg.routes.addHttpHandler(HandlerType.GET, "/assets/{version}/{file}", pages::asset);
            cfg.routes.addHttpHandler(HandlerType.GET, "/services/{name}", pages::service);
            cfg.routes.addHttpHandler(HandlerType.GET, "/status", pages::status);
            cfg.routes.addHttpHandler(HandlerType.GET, "/badge/{service}/uptime", pages::badge);
            cfg.routes.addHttpHandler(HandlerType.GET, "/badge/{service}/state", pages::badge);
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> unrouted(e, ctx));
            cfg.routes.exception(Exception.class, (e, ctx) -> Dispatcher.write(ctx, Errors.internal()));
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop();
            throw new ServerException("could not listen on " + config.host() + ":" + config.port() + ": "
                    + rootMessage(e), e);
        }
        String scheme = config.tls().isPresent() ? "https" : "http";
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        URI uri = URI.create(scheme + "://" + host + ":" + connector.get().getLocalPort());
        address.set(uri);
        return new ApiServer(app, uri, streams, routes);
    }

    /** Where the API answers, e.g. {@code http://127.0.0.1:7420}. */
    public URI address() {
        return address;
    }

    /** Ends open streams, then stops listening. */
    @Override
    public void close() {
        streams.closeAll();
        app.stop();
    }

    /** The API table the server was built from. */
    List<Route> routes() {
        return routes;
    }

    /** What the HTTP server actually registered for the API (not the dashboard's pages), as {@code METHOD /path}. */
    List<String> registeredRoutes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(p -> p.endpoint.method.isHttpMethod())
                .map((ParsedEndpoint p) -> p.endpoint.method.name() + " " + p.endpoint.path)
                .filter(route -> !DASHBOARD_PAGES.contains(route))
                .toList();
    }

    /** The dashboard's pages: HTML for a browser with a session, not the API (no OpenAPI entry, no bearer token). */
    static final List<String> DASHBOARD_PAGES = List.of("GET /", "GET /login", "POST /login", "POST /logout",
            "GET /assets/{version}/{file}",
            "GET /services/{name}", "GET /status", "GET /badge/{service}/uptime", "GET /badge/{service}/state");

    int openStreams() {
        return streams.open();
    }

    private static void unrouted(HttpResponseException e, Context ctx) {
        ApiError error = switch (e.getStatus()) {
            case 404 -> ApiError.notFound("no such endpoint: " + ctx.method().name() + " " + Json.clip(ctx.path()));
            case 405 -> new ApiError(405, "method_not_allowed",
                    ctx.method().name() + " is not allowed on " + Json.clip(ctx.path()));
            case 413 -> new ApiError(413, "body_too_large", "the request body is too large");
            default -> e.getStatus() >= 500 ? new ApiError(500, "internal", "the server could not handle this request")
                    : ApiError.invalid("the request could not be handled (" + e.getStatus() + ")");
        };
        Dispatcher.write(ctx, Errors.reply(error));
    }

    private static void checkExposure(ServerConfig config) {
        InetAddress bind;
        try {
            bind = InetAddress.getByName(config.host());
        } catch (UnknownHostException e) {
            throw new ServerException("api host '" + config.host() + "' is not an address this machine has");
        }
        if (!bind.isLoopbackAddress() && config.tls().isEmpty()) {
            throw new ServerException("listening on " + config.host() + " needs TLS: set api.tls (a PKCS12 keystore "
                    + "and its password), or listen on 127.0.0.1");
        }
        config.tls().ifPresent(tls -> {
            if (!Files.isReadable(tls.keystore())) {
                throw new ServerException("api.tls keystore " + tls.keystore() + " cannot be read");
            }
        });
    }

    private static ServerConnector connector(Server server, HttpConfiguration http, ServerConfig config) {
        ServerConnector c;
        if (config.tls().isPresent()) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(config.tls().get().keystore().toString());
            ssl.setKeyStorePassword(config.tls().get().password());
            ssl.setKeyStoreType("PKCS12");
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            https.addCustomizer(secure);
            c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        } else {
            c = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        c.setHost(config.host());
        c.setPort(config.port());
        return c;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
